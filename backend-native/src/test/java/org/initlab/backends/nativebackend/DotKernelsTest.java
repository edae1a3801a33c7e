package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Weight-gradient dot products: taking long ones in chunks changes no bit, and they are the sums they claim. */
class DotKernelsTest {

    @ParameterizedTest(name = "{0} x {1} rows of {2}")
    @CsvSource({"9, 10, 5007", "8, 8, 4096", "5, 3, 9000", "12, 25, 4111"})
    void chunkedLongDotProductsEqualTheUnchunkedOnesBitForBit(int rows, int columns, int length) {
        assumeTrue(VectorSupport.ENABLED, "the Vector API module is not loaded");
        SplittableRandom random = new SplittableRandom(11);
        float[][] a = new float[rows + 2][length];
        float[][] b = new float[columns + 1][length];
        for (float[][] m : new float[][][] {a, b}) {
            for (float[] row : m) {
                for (int n = 0; n < length; n++) {
                    row[n] = (float) random.nextGaussian();
                }
            }
        }
        float[][] whole = new float[rows + 1][columns];
        float[][] chunked = new float[rows + 1][columns];
        boolean previous = Kernels.useVector(true);
        try {
            // output rows 1.., factor rows 2.. and 1..: offsets as a convolution's groups use them
            DotKernels.dotRows(whole, 1, a, 2, b, 1, 0, rows, columns, length, new float[0]);
            DotKernels.dotRows(chunked, 1, a, 2, b, 1, 0, rows, columns, length,
                    new float[DotKernels.partialsLength(rows + 1, columns)]);
        } finally {
            Kernels.useVector(previous);
        }
        for (int r = 1; r <= rows; r++) {
            assertThat(chunked[r]).as("row %d", r).containsExactly(whole[r]);
            for (int c = 0; c < columns; c++) {
                double exact = 0;
                for (int n = 0; n < length; n++) {
                    exact += (double) a[r + 1][n] * b[c + 1][n];
                }
                assertThat((double) chunked[r][c]).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-3));
            }
        }
    }
}
