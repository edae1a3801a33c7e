package org.initlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {
    /** Five samples of two features: sample i is {@code [i, 10 + i]}, labels 2, 0, 2, 1, 0. */
    private static Dataset five() {
        return Dataset.of("five", new float[] {0, 10, 1, 11, 2, 12, 3, 13, 4, 14}, new int[] {2, 0, 2, 1, 0},
                List.of(2), 3);
    }

    @Test
    void ofExposesNameSizeShapeAndClassCount() {
        Dataset d = Dataset.of("img", new float[2 * 6], new int[] {0, 1}, List.of(1, 2, 3), 2);

        assertThat(d.name()).isEqualTo("img");
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.featureShape()).containsExactly(1, 2, 3);
        assertThat(d.featureCount()).isEqualTo(6);
        assertThat(d.classCount()).isEqualTo(2);
        assertThat(d).hasToString("Dataset[img: 2 x [1, 2, 3], 2 classes]");
    }

    @Test
    void ofCopiesItsArraysSoLaterChangesDoNotLeakIn() {
        float[] features = {0.5f, 0.25f};
        int[] labels = {1};
        List<Integer> shape = new java.util.ArrayList<>(List.of(2));
        Dataset d = Dataset.of("copy", features, labels, shape, 2);

        features[0] = 9f;
        labels[0] = 0;
        shape.set(0, 7);

        assertThat(d.feature(0, 0)).isEqualTo(0.5f);
        assertThat(d.label(0)).isEqualTo(1);
        assertThat(d.featureShape()).containsExactly(2);
    }

    @Test
    void featureShapeCannotBeModified() {
        assertThatThrownBy(() -> five().featureShape().set(0, 3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofRejectsFeatureLengthThatDoesNotMatchLabelsTimesShape() {
        assertThatThrownBy(() -> Dataset.of("bad", new float[5], new int[] {0, 0}, List.of(3), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dataset 'bad': 2 labels x 3 features per sample [3] needs 6 feature values, got 5");
    }

    @Test
    void ofRejectsLabelOutsideClassRange() {
        assertThatThrownBy(() -> Dataset.of("bad", new float[3], new int[] {0, 3, 1}, List.of(1), 3))
                .hasMessage("dataset 'bad': label 3 at index 1 is outside 0..2");
        assertThatThrownBy(() -> Dataset.of("bad", new float[1], new int[] {-1}, List.of(1), 3))
                .hasMessage("dataset 'bad': label -1 at index 0 is outside 0..2");
    }

    @Test
    void ofRejectsNonFiniteFeatures() {
        assertThatThrownBy(() -> Dataset.of("bad", new float[] {0, 0, 0, Float.NaN}, new int[] {0, 0}, List.of(2), 1))
                .hasMessage("dataset 'bad': feature 1 of sample 1 is NaN, expected a finite value");
        assertThatThrownBy(() -> Dataset.of("bad", new float[] {Float.POSITIVE_INFINITY}, new int[] {0}, List.of(1), 1))
                .hasMessageContaining("is Infinity");
    }

    @Test
    void ofRejectsBadShapesClassCountsAndNames() {
        assertThatThrownBy(() -> Dataset.of("bad", new float[0], new int[0], List.of(), 1))
                .hasMessage("dataset 'bad': feature shape must have at least one dimension");
        assertThatThrownBy(() -> Dataset.of("bad", new float[0], new int[0], List.of(2, 0), 1))
                .hasMessage("dataset 'bad': feature shape [2, 0] must have dimensions >= 1");
        assertThatThrownBy(() -> Dataset.of("bad", new float[0], new int[0], List.of(1), 0))
                .hasMessage("dataset 'bad': class count must be >= 1, got 0");
        assertThatThrownBy(() -> Dataset.of(" ", new float[0], new int[0], List.of(1), 1))
                .hasMessage("dataset name must not be blank");
    }

    @Test
    void copyFeaturesWritesOneSampleAtTheOffset() {
        float[] destination = {-1, -1, -1, -1};

        five().copyFeatures(3, destination, 1);

        assertThat(destination).containsExactly(-1, 3, 13, -1);
    }

    @Test
    void copyFeaturesRejectsOutOfRangeSampleOrDestination() {
        Dataset d = five();
        assertThatThrownBy(() -> d.copyFeatures(5, new float[2], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.copyFeatures(0, new float[2], 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void featureReadsRowMajorAndChecksBothIndices() {
        Dataset d = five();

        assertThat(d.feature(4, 1)).isEqualTo(14f);
        assertThatThrownBy(() -> d.feature(0, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.label(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void subsetTakesSamplesInTheGivenOrderAndAllowsRepeats() {
        Dataset s = five().subset(new int[] {4, 1, 4}, "picked");

        assertThat(s.name()).isEqualTo("picked");
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.featureShape()).containsExactly(2);
        assertThat(s.classCount()).isEqualTo(3);
        assertThat(new float[] {s.feature(0, 0), s.feature(1, 1), s.feature(2, 0)}).containsExactly(4, 11, 4);
        assertThat(new int[] {s.label(0), s.label(1), s.label(2)}).containsExactly(0, 0, 0);
    }

    @Test
    void subsetRejectsIndexOutsideTheDataset() {
        assertThatThrownBy(() -> five().subset(new int[] {0, 5}, "x"))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("subset index 5 at position 1 is outside 0..4 of dataset 'five'");
    }

    @Test
    void headKeepsTheFirstSamples() {
        Dataset h = five().head(2);

        assertThat(h.name()).isEqualTo("five[:2]");
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.feature(1, 1)).isEqualTo(11f);
        assertThat(h.labelCounts()).containsExactly(1, 0, 1);
        assertThat(five().head(0).size()).isZero();
    }

    @Test
    void headOfTheWholeSizeIsTheDatasetItselfAndLargerIsAnError() {
        Dataset d = five();

        assertThat(d.head(5)).isSameAs(d);
        assertThatThrownBy(() -> d.head(6)).hasMessage("head(6) of dataset 'five' needs 0 <= n <= 5");
        assertThatThrownBy(() -> d.head(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void labelCountsCountEveryClassIncludingEmptyOnes() {
        Dataset d = Dataset.of("c", new float[4], new int[] {3, 0, 3, 3}, List.of(1), 5);

        int[] counts = d.labelCounts();
        counts[0] = 99;

        assertThat(d.labelCounts()).containsExactly(1, 0, 0, 3, 0);
    }

    @Test
    void majorityClassIsTheMostFrequentWithTiesGoingToTheSmallerClass() {
        assertThat(Dataset.of("m", new float[4], new int[] {3, 0, 3, 3}, List.of(1), 5).majorityClass()).isEqualTo(3);
        assertThat(five().majorityClass()).isZero();  // 0 and 2 both appear twice
    }

    @Test
    void majorityClassOfAnEmptyDatasetIsAnError() {
        assertThatThrownBy(() -> five().head(0).majorityClass())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("dataset 'five[:0]' is empty, it has no majority class");
    }
}
