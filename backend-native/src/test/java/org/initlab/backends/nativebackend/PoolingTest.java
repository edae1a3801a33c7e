package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;

import org.initlab.core.model.FeatureShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Pooling values and gradients on hand-made planes, through the layer itself. */
class PoolingTest {

    private static Boundary boundary(FeatureShape shape, int batch) {
        Boundary b = new Boundary(shape, batch);
        b.needGradients(batch);
        return b;
    }

    @Test
    void maxPoolingTakesTheLargestAndSendsTheGradientToTheFirstOfTiedMaxima() {
        // one channel, two samples of 3x4, kernel 2, stride 2 -> 1x2 each (the last row is dropped, floor mode)
        Boundary in = boundary(FeatureShape.map(1, 3, 4), 2);
        Boundary out = boundary(FeatureShape.map(1, 1, 2), 2);
        float[] x = {
                1, 5, 2, 2,
                5, 0, 2, 1,
                9, 9, 9, 9,
                -1, -3, Float.NaN, 4,
                -2, -1, 7, Float.NaN,
                9, 9, 9, 9};
        System.arraycopy(x, 0, in.values[0], 0, x.length);
        NativePool2d pool = new NativePool2d(true, 2, 2, in, out, 2);
        pool.forward(0, 0, 1, 2, true);
        assertThat(out.values[0]).startsWith(5f, 2f, -1f, Float.NaN);
        out.gradients[0][0] = 10;
        out.gradients[0][1] = 20;
        out.gradients[0][2] = 30;
        out.gradients[0][3] = 40;
        pool.backward(0, 0, 1, 2);
        float[] expected = new float[24];
        expected[1] = 10; // first of the two 5s in row-major order
        expected[2] = 20; // first of the three 2s
        expected[12] = 30;
        expected[19] = 40; // the last NaN of the window, as PyTorch's CPU kernel
        assertThat(in.gradients[0]).startsWith(expected);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"6, 8", "7, 9", "24, 24", "16, 34", "5, 16", "4, 17"})
    void pairwiseMaxPoolingMatchesTheWindowRuleOnTiedAndSignedZeroData(int height, int width) {
        // 2x2 stride-2 windows have their own straight-line kernels: compare them with the rule itself on
        // many small integer values (ties everywhere), zeros of both signs and a few NaNs; the gradient rows
        // start dirty, so every element the backward pass leaves out (odd rows and columns too) shows
        int batch = 3;
        Boundary in = boundary(FeatureShape.map(2, height, width), batch);
        Boundary out = boundary(FeatureShape.map(2, height / 2, width / 2), batch);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (float[] row : in.values) {
            for (int n = 0; n < row.length; n++) {
                int pick = random.nextInt(40);
                row[n] = pick == 0 ? Float.NaN : pick == 1 ? -0f : random.nextInt(3) - 1;
            }
        }
        for (float[] row : out.gradients) {
            for (int n = 0; n < row.length; n++) {
                row[n] = n + 1;
            }
        }
        for (float[] row : in.gradients) {
            java.util.Arrays.fill(row, -7f);
        }
        NativePool2d pool = new NativePool2d(true, 2, 2, in, out, batch);
        pool.forward(0, 0, 1, batch, true);
        pool.backward(0, 0, 1, batch);
        for (int c = 0; c < 2; c++) {
            float[] x = in.values[c];
            float[] expectedGradient = new float[x.length];
            for (int o = 0; o < batch * (height / 2) * (width / 2); o++) {
                int b = o / (height / 2 * (width / 2));
                int i = o / (width / 2) % (height / 2);
                int j = o % (width / 2);
                int top = b * height * width + 2 * i * width + 2 * j;
                int[] window = {top, top + 1, top + width, top + width + 1};
                float best = Float.NEGATIVE_INFINITY;
                for (int at : window) {
                    best = Math.max(best, x[at]);
                }
                int winner = -1;
                for (int at : window) {
                    if (best != best ? x[at] != x[at] : winner < 0 && x[at] == best) {
                        winner = at; // the first equal to the maximum, or the last NaN
                    }
                }
                assertThat(Float.floatToIntBits(out.values[c][o])).isEqualTo(Float.floatToIntBits(best));
                expectedGradient[winner] = out.gradients[c][o];
            }
            assertThat(in.gradients[c]).containsExactly(expectedGradient);
        }
    }

    @Test
    void overlappingMaxWindowsAddTheirGradients() {
        Boundary wide = boundary(FeatureShape.map(1, 2, 4), 1);
        Boundary pooled = boundary(FeatureShape.map(1, 1, 3), 1);
        float[] x = {0, 3, 1, 2, 0, 0, 0, 0};
        System.arraycopy(x, 0, wide.values[0], 0, x.length);
        NativePool2d overlapping = new NativePool2d(true, 2, 1, wide, pooled, 1);
        overlapping.forward(0, 0, 1, 1, true);
        assertThat(pooled.values[0]).startsWith(3f, 3f, 2f);
        pooled.gradients[0][0] = 1;
        pooled.gradients[0][1] = 2;
        pooled.gradients[0][2] = 4;
        overlapping.backward(0, 0, 1, 1);
        assertThat(wide.gradients[0]).startsWith(0f, 3f, 0f, 4f, 0f, 0f, 0f, 0f);
    }

    @Test
    void averagePoolingDividesTheWindowSumAndSpreadsTheGradientEvenly() {
        Boundary in = boundary(FeatureShape.map(2, 2, 2), 1);
        Boundary out = boundary(FeatureShape.map(2, 1, 1), 1);
        float[][] x = {{1, 2, 3, 6}, {-4, 0, 0, 0}};
        System.arraycopy(x[0], 0, in.values[0], 0, 4);
        System.arraycopy(x[1], 0, in.values[1], 0, 4);
        NativePool2d pool = new NativePool2d(false, 2, 2, in, out, 1);
        pool.forward(0, 0, 2, 1, true);
        pool.forward(0, 1, 2, 1, true);
        assertThat(out.values[0][0]).isEqualTo(3f);
        assertThat(out.values[1][0]).isEqualTo(-1f);
        out.gradients[0][0] = 8;
        out.gradients[1][0] = -2;
        pool.backward(0, 0, 1, 1);
        assertThat(in.gradients[0]).startsWith(2f, 2f, 2f, 2f);
        assertThat(in.gradients[1]).startsWith(-0.5f, -0.5f, -0.5f, -0.5f);
    }
}
