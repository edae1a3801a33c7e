package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exact checks of the structured initializers: orthogonality, identities, deltas, the ZerO matrices and the
 * zero counts of {@code sparse}.
 */
class StructuredInitializersTest {
    private static final double ORTHOGONAL = 1e-5;

    @ParameterizedTest(name = "orthogonal(gain={1}) on {0}")
    @CsvSource(delimiter = '|', value = {
        "[3, 5] | 1", "[5, 3] | 1", "[4, 4] | 2", "[1, 7] | 1", "[7, 1] | 0.5", "[8, 2, 3, 3] | 1.5",
        "[20, 2, 3] | 1", "[64, 48] | 1", "[48, 64] | 1"})
    void orthogonalRowsOrColumnsAreOrthonormalTimesTheGain(String shape, double gain) {
        ParameterSpec parameter = Catalogue.weight(org.initlab.spi.TensorShape.parse(shape).dims());
        float[] w = Catalogue.sample("orthogonal(" + gain + ")", parameter, 11);
        int rows = parameter.shape().dim(0);
        int cols = w.length / rows;

        if (rows <= cols) {
            assertGram(w, rows, cols, true, gain * gain);
        } else {
            assertGram(w, rows, cols, false, gain * gain);
        }
        assertThat(rms(w)).isCloseTo(gain / Math.sqrt(Math.max(rows, cols)), within(1e-6));
        assertThat(Catalogue.create("orthogonal(" + gain + ")").expectedStd(parameter).orElseThrow())
                .isCloseTo(gain / Math.sqrt(Math.max(rows, cols)), within(1e-15));
    }

    @ParameterizedTest(name = "orthogonal on [{0}, {1}]")
    @CsvSource({"7, 4", "4, 7", "5, 5"})
    void orthogonalIsTheSignCorrectedQOfTheRowMajorGaussianMatrixAsInPyTorch(int rows, int cols) {
        ParameterSpec parameter = Catalogue.weight(rows, cols);
        float[] w = Catalogue.sample("orthogonal", parameter, 21);
        SeededRandom replay = SeededRandom.of(21).fork(parameter.path());
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = replay.nextGaussian();
        }

        // A (or A^T when rows < cols) = Q R with W = Q (or Q^T): then R = Q^T A is upper triangular with a
        // positive diagonal, which is what the sign correction guarantees
        int n = Math.min(rows, cols);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double r = 0;
                if (rows >= cols) {
                    for (int k = 0; k < rows; k++) {
                        r += w[k * cols + i] * a[k * cols + j];
                    }
                } else {
                    for (int k = 0; k < cols; k++) {
                        r += w[i * cols + k] * a[j * cols + k];
                    }
                }
                if (i > j) {
                    assertThat(r).as("R[%d][%d]", i, j).isCloseTo(0, within(1e-5));
                } else if (i == j) {
                    assertThat(r).as("R[%d][%d]", i, i).isPositive();
                }
            }
        }
    }

    @ParameterizedTest(name = "identity on [{0}, {1}]")
    @CsvSource({"3, 5", "5, 3", "4, 4", "1, 1"})
    void identityPutsTheGainOnTheMainDiagonalOnly(int rows, int cols) {
        float[] w = Catalogue.sample("identity(gain=2)", Catalogue.weight(rows, cols), 1);

        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                assertThat(w[i * cols + j]).as("[%d][%d]", i, j).isEqualTo(i == j ? 2f : 0f);
            }
        }
        double p = Math.min(rows, cols) / (double) (rows * cols);
        assertThat(Catalogue.create("eye(2)").expectedStd(Catalogue.weight(rows, cols)).orElseThrow())
                .isCloseTo(2 * Math.sqrt(p * (1 - p)), within(1e-15));
    }

    @Test
    void diracPutsOneAtTheCentreTapOfMatchingChannels() {
        float[] w = Catalogue.sample("dirac", Catalogue.weight(6, 4, 3), 1);

        for (int o = 0; o < 6; o++) {
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < 3; k++) {
                    assertThat(w[(o * 4 + i) * 3 + k]).as("[%d, %d, %d]", o, i, k)
                            .isEqualTo(o == i && k == 1 ? 1f : 0f);
                }
            }
        }
    }

    @Test
    void diracWithGroupsRepeatsTheDeltaPerGroupOfOutChannels() {
        // out 6 in 2 groups of 3, in 4 (per group) channels: W[g*3 + d, d, 1, 1] = 1 for d < 3
        float[] w = Catalogue.sample("dirac(groups=2)", Catalogue.weight(6, 4, 3, 3), 1);

        int ones = 0;
        for (int o = 0; o < 6; o++) {
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < 9; k++) {
                    boolean one = i == o % 3 && k == 4;
                    assertThat(w[(o * 4 + i) * 9 + k]).as("[%d, %d, %d]", o, i, k).isEqualTo(one ? 1f : 0f);
                    ones += one ? 1 : 0;
                }
            }
        }
        assertThat(ones).isEqualTo(6);
    }

    @Test
    void diracOnAnEvenKernelUsesPyTorchsCentreKOverTwo() {
        float[] w = Catalogue.sample("dirac", Catalogue.weight(2, 2, 2, 2, 2), 1);

        // centre (1, 1, 1) of a 2x2x2 kernel: offset 7
        assertThat(w[0 * 8 + 7]).isEqualTo(1f);
        assertThat(w[(1 * 2 + 1) * 8 + 7]).isEqualTo(1f);
        assertThat(sum(w)).isEqualTo(2);
    }

    @Test
    void deltaOrthogonalHoldsAnOrthogonalMatrixAtTheCentreTapAndZeroElsewhere() {
        ParameterSpec parameter = Catalogue.weight(6, 4, 3, 3);
        float[] w = Catalogue.sample("delta-orthogonal(gain=1.5)", parameter, 3);
        float[] centre = new float[24];

        for (int o = 0; o < 6; o++) {
            for (int i = 0; i < 4; i++) {
                for (int k = 0; k < 9; k++) {
                    float v = w[(o * 4 + i) * 9 + k];
                    if (k == 4) {
                        centre[o * 4 + i] = v;
                    } else {
                        assertThat(v).as("[%d, %d, tap %d]", o, i, k).isZero();
                    }
                }
            }
        }
        assertGram(centre, 6, 4, false, 2.25);
        assertThat(Catalogue.create("delta-orthogonal(gain=1.5)").expectedStd(parameter).orElseThrow())
                .isCloseTo(1.5 / Math.sqrt(6 * 9), within(1e-15));
        assertThat(rms(w)).isCloseTo(1.5 / Math.sqrt(6 * 9), within(1e-6));
    }

    @Test
    void deltaOrthogonalOnAnEvenKernelUsesJaxsCentreKMinusOneOverTwo() {
        float[] w = Catalogue.sample("delta-orthogonal", Catalogue.weight(3, 3, 4), 3);

        for (int o = 0; o < 3; o++) {
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 4; k++) {
                    if (k != 1) {
                        assertThat(w[(o * 3 + i) * 4 + k]).isZero();
                    }
                }
            }
        }
        float[] centre = new float[9];
        for (int j = 0; j < 9; j++) {
            centre[j] = w[j * 4 + 1];
        }
        assertGram(centre, 3, 3, true, 1);
    }

    @Test
    void zeroInitIsTheIdentityForSquareAndThePartialIdentityForWideMatrices() {
        assertThat(Catalogue.sample("zero-init", Catalogue.weight(3, 3), 1))
                .containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertThat(Catalogue.sample("zero-init", Catalogue.weight(2, 4), 1)).containsExactly(1, 0, 0, 0, 0, 1, 0, 0);
    }

    @ParameterizedTest(name = "zero-init on [{0}, {1}]")
    @CsvSource({"6, 3", "8, 5", "5, 1", "2, 1", "17, 16"})
    void zeroInitOfATallMatrixIsTheTopLeftOfTheNormalizedSylvesterHadamardMatrix(int out, int in) {
        int size = 1;
        while (size < out) {
            size *= 2;
        }
        int[][] hadamard = sylvester(size);
        float[] w = Catalogue.sample("zero-init", Catalogue.weight(out, in), 1);

        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                assertThat(w[o * in + i]).as("[%d][%d]", o, i).isEqualTo((float) (hadamard[o][i] / Math.sqrt(size)));
            }
        }
    }

    @Test
    void zeroInitOnAConvolutionPutsItsMatrixAtTheCentreTap() {
        float[] w = Catalogue.sample("zero-init", Catalogue.weight(4, 2, 3, 3), 1);
        float c = (float) (1 / Math.sqrt(4));

        for (int o = 0; o < 4; o++) {
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < 9; k++) {
                    float expected = k == 4 ? (Integer.bitCount(o & i) % 2 == 0 ? c : -c) : 0;
                    assertThat(w[(o * 2 + i) * 9 + k]).as("[%d, %d, %d]", o, i, k).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void zeroInitExpectedStdIsTheStdOfItsValues() {
        for (int[] dims : new int[][] {{6, 3}, {3, 6}, {4, 4}, {4, 2, 3, 3}}) {
            ParameterSpec parameter = Catalogue.weight(dims);
            float[] w = Catalogue.sample("zero-init", parameter, 1);

            assertThat(Catalogue.create("zero-init").expectedStd(parameter).orElseThrow())
                    .isCloseTo(populationStd(w), within(1e-7));
        }
    }

    /** The last case is PyTorch's rounding: 0.07 * 100 = 7.000000000000001 in double, whose ceil is 8. */
    @ParameterizedTest(name = "sparse({0}) on [{1}, {2}] has {3} zeros per column")
    @CsvSource({"0.25, 8, 40, 2", "0.3, 10, 50, 3", "0.5, 7, 30, 4", "0, 5, 5, 0", "1, 6, 4, 6", "0.9, 100, 20, 90",
        "0.07, 100, 20, 8"})
    void sparseZerosExactlyCeilSparsityTimesRowsInEveryColumn(double sparsity, int rows, int cols, int zeros) {
        float[] w = Catalogue.sample("sparse(" + sparsity + ", std=1)", Catalogue.weight(rows, cols), 17);

        for (int col = 0; col < cols; col++) {
            int count = 0;
            for (int r = 0; r < rows; r++) {
                count += w[r * cols + col] == 0 ? 1 : 0;
            }
            assertThat(count).as("zeros in column %d", col).isEqualTo(zeros);
        }
    }

    @Test
    void sparseZerosAreAtDifferentRowsInDifferentColumns() {
        float[] w = Catalogue.sample("sparse(0.5)", Catalogue.weight(20, 10), 3);
        java.util.Set<String> patterns = new java.util.HashSet<>();
        for (int col = 0; col < 10; col++) {
            StringBuilder pattern = new StringBuilder();
            for (int r = 0; r < 20; r++) {
                pattern.append(w[r * 10 + col] == 0 ? '0' : 'x');
            }
            patterns.add(pattern.toString());
        }

        assertThat(patterns).hasSizeGreaterThan(8);
    }

    @Test
    void sparseExpectedStdAccountsForTheZeros() {
        ParameterSpec parameter = Catalogue.weight(10, 50);

        assertThat(Catalogue.create("sparse(0.3, std=2)").expectedStd(parameter).orElseThrow())
                .isCloseTo(2 * Math.sqrt(0.7), within(1e-15));
    }

    /** Checks {@code W W^T} (rows) or {@code W^T W} (columns) against {@code scale * I}. */
    private static void assertGram(float[] w, int rows, int cols, boolean byRows, double scale) {
        int n = byRows ? rows : cols;
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                int len = byRows ? cols : rows;
                for (int k = 0; k < len; k++) {
                    dot += byRows ? (double) w[a * cols + k] * w[b * cols + k]
                            : (double) w[k * cols + a] * w[k * cols + b];
                }
                assertThat(dot).as("gram[%d][%d]", a, b).isCloseTo(a == b ? scale : 0, within(ORTHOGONAL));
            }
        }
    }

    private static int[][] sylvester(int size) {
        int[][] h = {{1}};
        while (h.length < size) {
            int n = h.length;
            int[][] next = new int[2 * n][2 * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    next[i][j] = h[i][j];
                    next[i][j + n] = h[i][j];
                    next[i + n][j] = h[i][j];
                    next[i + n][j + n] = -h[i][j];
                }
            }
            h = next;
        }
        return h;
    }

    private static double rms(float[] w) {
        double squares = 0;
        for (float v : w) {
            squares += (double) v * v;
        }
        return Math.sqrt(squares / w.length);
    }

    private static double sum(float[] w) {
        double s = 0;
        for (float v : w) {
            s += v;
        }
        return s;
    }

    private static double populationStd(float[] w) {
        double mean = sum(w) / w.length;
        double squares = 0;
        for (float v : w) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / w.length);
    }
}
