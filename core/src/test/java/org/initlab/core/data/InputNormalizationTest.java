package org.initlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputNormalizationTest {
    @Test
    void parseReadsMeanAndStdAndPrintsThemBack() {
        InputNormalization n = InputNormalization.parse(" 0.5, 0.5 ");

        assertThat(n.mean()).isEqualTo(0.5);
        assertThat(n.std()).isEqualTo(0.5);
        assertThat(n.spec()).isEqualTo("0.5,0.5");
        assertThat(InputNormalization.parse(n.spec())).isEqualTo(n);
        assertThat(InputNormalization.parse("0,1")).isEqualTo(InputNormalization.NONE);
        assertThat(InputNormalization.parse("-1,2").spec()).isEqualTo("-1,2");
    }

    @Test
    void applyMapsUnitPixelsToMinusOneOneAndKeepsLabels() {
        Dataset d = Dataset.of("px", new float[] {0f, 0.25f, 1f, 0.5f}, new int[] {1, 0}, List.of(2), 2);

        Dataset n = InputNormalization.parse("0.5,0.5").apply(d);

        assertThat(n.name()).isEqualTo("px normalized(0.5,0.5)");
        assertThat(new float[] {n.feature(0, 0), n.feature(0, 1), n.feature(1, 0), n.feature(1, 1)})
                .containsExactly(-1f, -0.5f, 1f, 0f);
        assertThat(new int[] {n.label(0), n.label(1)}).containsExactly(1, 0);
        assertThat(n.featureShape()).isEqualTo(d.featureShape());
        assertThat(n.classCount()).isEqualTo(2);
        assertThat(d.feature(0, 0)).as("the input is untouched").isEqualTo(0f);
    }

    @Test
    void identityReturnsTheSameDataset() {
        Dataset d = Dataset.of("px", new float[] {0.3f}, new int[] {0}, List.of(1), 1);

        assertThat(InputNormalization.NONE.apply(d)).isSameAs(d);
        assertThat(InputNormalization.NONE.isIdentity()).isTrue();
    }

    @Test
    void halfHalfRaisesTheBundledDigitsSecondMomentFrom0112To0925() {
        Dataset train = BundledMnist.train();
        Dataset normalized = InputNormalization.parse("0.5,0.5").apply(train);

        assertThat(secondMoment(train)).isCloseTo(0.1123, within(5e-4));
        assertThat(secondMoment(normalized)).isCloseTo(0.9255, within(5e-4));
    }

    private static double secondMoment(Dataset d) {
        double sum = 0;
        for (int i = 0; i < d.size(); i++) {
            for (int j = 0; j < d.featureCount(); j++) {
                double x = d.feature(i, j);
                sum += x * x;
            }
        }
        return sum / ((double) d.size() * d.featureCount());
    }

    @Test
    void badTextIsAnErrorNamingTheText() {
        assertThatThrownBy(() -> InputNormalization.parse("0.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'0.5' must be MEAN,STD");
        assertThatThrownBy(() -> InputNormalization.parse("0.5,0.5,0.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be MEAN,STD");
        assertThatThrownBy(() -> InputNormalization.parse("half,0.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mean 'half' is not a number");
        assertThatThrownBy(() -> InputNormalization.parse("0.5,0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("std must be a finite number > 0");
        assertThatThrownBy(() -> InputNormalization.parse("0.5,-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("std must be");
        assertThatThrownBy(() -> InputNormalization.parse("NaN,1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mean must be a finite number");
    }
}
