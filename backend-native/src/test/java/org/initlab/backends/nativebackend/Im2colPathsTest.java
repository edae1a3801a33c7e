package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plain loops of {@link Im2col} against the definitions, and the Vector API patch copies
 * ({@link VectorPatches}) against the plain loops, bit for bit, on a range of samples in the middle of the
 * batch whose neighbours (another worker's) must stay untouched.
 */
class Im2colPathsTest {

    @ParameterizedTest(name = "c{0} {1}x{2} k{3} s{4} p{5}")
    @CsvSource({
            "2, 12, 12, 5, 1, 0", // output rows of 8: half vectors
            "1, 28, 28, 5, 1, 0", // 24: a whole vector and a masked one
            "2, 28, 28, 3, 1, 1", // 28 with padding
            "3, 14, 14, 3, 1, 1",
            "2, 7, 7, 3, 1, 1",   // 7: shorter than a half vector
            "2, 9, 20, 3, 1, 2",
            "2, 16, 16, 1, 1, 0", // 16: whole vectors only
            "2, 14, 14, 3, 2, 1", // stride 2 takes the plain loops on both paths
            "2, 10, 10, 5, 1, 2", // narrow input gradient rows with padding
            "2, 16, 16, 5, 1, 1", // input rows of a whole 512-bit vector, output rows of 14
            "2, 12, 12, 5, 1, 4", // more padding than the kernel reaches from the rows: output rows of 16
            "1, 3, 3, 3, 1, 3"    // padding wider than the input: kernel rows with no input row at all
    })
    void vectorPatchCopiesEqualThePlainLoopsAndStayInTheirSamples(int channels, int height, int width, int kernel,
                                                                  int stride, int padding) {
        compareOnSamples(channels, height, width, kernel, stride, padding, 1, 4);
        // the whole batch: the first and last spans of the arrays take the guarded paths
        compareOnSamples(channels, height, width, kernel, stride, padding, 0, 5);
    }

    private static void compareOnSamples(int channels, int height, int width, int kernel, int stride, int padding,
                                         int b0, int b1) {
        assumeTrue(VectorSupport.ENABLED, "the Vector API module is not loaded");
        int outHeight = (height + 2 * padding - kernel) / stride + 1;
        int outWidth = (width + 2 * padding - kernel) / stride + 1;
        Im2col patches = new Im2col(channels, height, width, kernel, stride, padding, outHeight, outWidth);
        int batch = 5;
        int depth = channels * kernel * kernel;
        SplittableRandom random = new SplittableRandom(3);
        float[][] x = new float[channels][batch * height * width];
        float[][] dcol = new float[depth][batch * outHeight * outWidth];
        fill(x, random);
        fill(dcol, random);
        float[][] scalarCol = sentinel(depth, batch * outHeight * outWidth);
        float[][] vectorCol = sentinel(depth, batch * outHeight * outWidth);
        float[][] scalarDx = sentinel(channels, batch * height * width);
        float[][] vectorDx = sentinel(channels, batch * height * width);
        boolean previous = Kernels.useVector(false);
        try {
            patches.gather(x, scalarCol, b0, b1);
            patches.accumulate(dcol, scalarDx, b0, b1);
            Kernels.useVector(true);
            patches.gather(x, vectorCol, b0, b1);
            patches.accumulate(dcol, vectorDx, b0, b1);
        } finally {
            Kernels.useVector(previous);
        }
        float[][] expectedCol = sentinel(depth, batch * outHeight * outWidth);
        float[][] expectedDx = sentinel(channels, batch * height * width);
        reference(patches, x, dcol, expectedCol, expectedDx, b0, b1);
        for (int r = 0; r < depth; r++) {
            assertThat(scalarCol[r]).as("plain patch row %d", r).containsExactly(expectedCol[r]);
            assertThat(vectorCol[r]).as("patch row %d", r).containsExactly(scalarCol[r]);
        }
        for (int c = 0; c < channels; c++) {
            assertThat(scalarDx[c]).as("plain input gradient row %d", c).containsExactly(expectedDx[c]);
        }
        for (int c = 0; c < channels; c++) {
            assertThat(vectorDx[c]).as("input gradient row %d", c).containsExactly(scalarDx[c]);
            if (b1 < batch) {
                assertThat(vectorDx[c][b1 * height * width]).isEqualTo(-7f);
            }
            if (b0 > 0) {
                assertThat(vectorDx[c][b0 * height * width - 1]).isEqualTo(-7f);
            }
        }
        if (b1 < batch) {
            assertThat(vectorCol[depth - 1][b1 * outHeight * outWidth]).isEqualTo(-7f);
        }
    }

    /** The definitions, element by element: each input gradient adds its terms in (u, v, i, j) order from zero. */
    private static void reference(Im2col g, float[][] x, float[][] dcol, float[][] col, float[][] dx, int b0, int b1) {
        int k = g.kernel();
        int plane = g.height() * g.width();
        int positions = g.outHeight() * g.outWidth();
        for (int c = 0; c < g.channels(); c++) {
            java.util.Arrays.fill(dx[c], b0 * plane, b1 * plane, 0f);
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++) {
                    for (int b = b0; b < b1; b++) {
                        for (int i = 0; i < g.outHeight(); i++) {
                            for (int j = 0; j < g.outWidth(); j++) {
                                int y = i * g.stride() + u - g.padding();
                                int z = j * g.stride() + v - g.padding();
                                int at = b * positions + i * g.outWidth() + j;
                                boolean inside = y >= 0 && y < g.height() && z >= 0 && z < g.width();
                                col[(c * k + u) * k + v][at] = inside ? x[c][b * plane + y * g.width() + z] : 0f;
                                if (inside) {
                                    dx[c][b * plane + y * g.width() + z] += dcol[(c * k + u) * k + v][at];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void fill(float[][] rows, SplittableRandom random) {
        for (float[] row : rows) {
            for (int n = 0; n < row.length; n++) {
                row[n] = (float) random.nextGaussian();
            }
        }
    }

    private static float[][] sentinel(int rows, int length) {
        float[][] a = new float[rows][length];
        for (float[] row : a) {
            java.util.Arrays.fill(row, -7f);
        }
        return a;
    }
}
