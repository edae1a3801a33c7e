package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The register-blocked products of {@link VectorKernels} against one chain of fused multiply-adds per output
 * element, in ascending term order from its initial value (a row's, a column's or zero), bit for bit: over
 * whole tiles, the single-vector columns, the scalar tail and the edge rows, and over more than one block of
 * terms.
 */
class VectorProductTest {

    @ParameterizedTest(name = "init {0}, transposed {1}, depth {2}")
    @CsvSource({"row, false, 25", "row, false, 150", "column, false, 70", "column, true, 70", "zero, false, 32",
            "zero, true, 130", "zero, false, 0", "row, true, 64"})
    void productsEqualOneFusedChainPerElement(String init, boolean transposed, int depth) {
        assumeTrue(VectorSupport.ENABLED, "the Vector API module is not loaded");
        int v = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        int rows = 11;
        int outRow = 2;
        int columns = 9 * v + 5;
        int j0 = 3;
        int j1 = columns - 1;
        SplittableRandom random = new SplittableRandom(depth + 31L * init.length());
        float[][] coef = transposed ? random(depth, outRow + rows, random) : random(outRow + rows, depth, random);
        float[][] src = random(depth + 1, columns, random);
        float[] rowInit = init.equals("row") ? random(1, outRow + rows, random)[0] : null;
        float[] columnInit = init.equals("column") ? random(1, columns, random)[0] : null;
        float[][] out = new float[outRow + rows][columns];
        for (float[] row : out) {
            java.util.Arrays.fill(row, -7f);
        }
        VectorKernels.product(out, outRow, rowInit, columnInit, coef, 0, transposed, src, 1, depth, 0, rows - outRow,
                j0, j1);
        for (int r = 0; r < rows - outRow; r++) {
            int q = outRow + r;
            for (int j = 0; j < columns; j++) {
                if (j < j0 || j >= j1) {
                    assertThat(out[q][j]).as("outside the columns at [%d][%d]", q, j).isEqualTo(-7f);
                    continue;
                }
                float expected = rowInit != null ? rowInit[q] : columnInit != null ? columnInit[j] : 0f;
                for (int k = 0; k < depth; k++) {
                    expected = Math.fma(src[1 + k][j], transposed ? coef[k][r] : coef[r][k], expected);
                }
                assertThat(Float.floatToRawIntBits(out[q][j])).as("[%d][%d]", q, j)
                        .isEqualTo(Float.floatToRawIntBits(expected));
            }
        }
        assertThat(out[0]).as("rows before outRow").containsOnly(-7f);
    }

    private static float[][] random(int rows, int columns, SplittableRandom random) {
        float[][] a = new float[rows][columns];
        for (float[] row : a) {
            for (int n = 0; n < row.length; n++) {
                row[n] = random.nextInt(9) == 0 ? 0f : (float) random.nextGaussian();
            }
        }
        return a;
    }
}
