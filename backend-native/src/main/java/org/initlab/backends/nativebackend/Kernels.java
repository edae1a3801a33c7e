package org.initlab.backends.nativebackend;

import java.util.Arrays;

/**
 * The matrix kernels of the backend. Every matrix is an array of row arrays ({@code float[rows][columns]}),
 * so that each inner loop indexes all of its arrays with the same loop variable: that is what lets HotSpot's
 * C2 auto-vectorize it (with different offsets into one flat array it cannot prove the loads and stores
 * independent and falls back to scalar code).
 *
 * <p>All products have the {@code out[r][j] (+)= a * src[k][j]} form (an "axpy" over a contiguous row,
 * i-k-j order), with four output rows per pass so that each source row is loaded once for four updates.
 * Each output element is accumulated over {@code k} in ascending order, one rounding per multiply and per
 * add, whatever the row blocking, the column range or the thread that computes it: the result depends only
 * on the data, never on how the work was split.
 */
final class Kernels {
    /** Columns per block of {@link #multiplyRows}: four output rows of it fit in L1 with room to spare. */
    static final int COLUMN_BLOCK = 512;
    /** Whether the Vector API kernels are used (when {@link VectorSupport#ENABLED}); tests switch it. */
    private static volatile boolean vector = true;

    private Kernels() {
    }

    /** @return whether the Vector API kernels run now (the module is present and they are switched on) */
    static boolean vectorActive() {
        return VectorSupport.ENABLED && vector;
    }

    /**
     * Switches between the Vector API kernels (where available) and the scalar ones, for tests and benchmarks.
     *
     * @param enabled whether to use the Vector API when the module is present
     * @return the previous setting
     */
    static boolean useVector(boolean enabled) {
        boolean previous = vector;
        vector = enabled;
        return previous;
    }

    /** @return a short description of the kernels in use */
    static String description() {
        return VectorSupport.ENABLED && vector ? "Vector API " + VectorKernels.describe()
                : "scalar Java (auto-vectorized)";
    }

    /**
     * {@code out[r][j] = init[j] + sum_k coef[r][k] * src[k][j]} for {@code r} in {@code [r0, r1)}, {@code j}
     * in {@code [j0, j1)} and {@code k} in {@code [0, depth)}, summed in ascending {@code k}.
     *
     * @param out   output rows
     * @param r0    first output row
     * @param r1    end of output rows
     * @param j0    first column
     * @param j1    end of columns
     * @param init  the starting value of each column, or {@code null} for zero
     * @param coef  coefficient rows, indexed {@code [r][k]}
     * @param src   source rows, indexed {@code [k][j]}
     * @param depth the number of terms
     */
    static void multiply(float[][] out, int r0, int r1, int j0, int j1, float[] init, float[][] coef,
                         float[][] src, int depth) {
        if (VectorSupport.ENABLED && vector) {
            VectorKernels.product(out, 0, null, init, coef, 0, false, src, 0, depth, r0, r1, j0, j1);
            return;
        }
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            float[] o0 = out[r];
            float[] o1 = out[r + 1];
            float[] o2 = out[r + 2];
            float[] o3 = out[r + 3];
            float[] c0 = coef[r];
            float[] c1 = coef[r + 1];
            float[] c2 = coef[r + 2];
            float[] c3 = coef[r + 3];
            start(o0, init, j0, j1);
            start(o1, init, j0, j1);
            start(o2, init, j0, j1);
            start(o3, init, j0, j1);
            for (int k = 0; k < depth; k++) {
                axpy4(o0, o1, o2, o3, c0[k], c1[k], c2[k], c3[k], src[k], j0, j1);
            }
        }
        for (; r < r1; r++) {
            float[] o = out[r];
            float[] c = coef[r];
            start(o, init, j0, j1);
            for (int k = 0; k < depth; k++) {
                axpy(o, c[k], src[k], j0, j1);
            }
        }
    }

    /**
     * {@code out[r][j] = sum_k coef[k][r] * src[k][j]}: like {@link #multiply} with the coefficient matrix
     * transposed, and starting from zero. Used for weight gradients {@code dW^T = X^T dY}.
     *
     * @param out   output rows
     * @param r0    first output row
     * @param r1    end of output rows
     * @param j0    first column
     * @param j1    end of columns
     * @param coef  coefficient rows, indexed {@code [k][r]}
     * @param src   source rows, indexed {@code [k][j]}
     * @param depth the number of terms
     */
    static void multiplyTransposed(float[][] out, int r0, int r1, int j0, int j1, float[][] coef, float[][] src,
                                   int depth) {
        if (VectorSupport.ENABLED && vector) {
            VectorKernels.product(out, 0, null, null, coef, 0, true, src, 0, depth, r0, r1, j0, j1);
            return;
        }
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            float[] o0 = out[r];
            float[] o1 = out[r + 1];
            float[] o2 = out[r + 2];
            float[] o3 = out[r + 3];
            Arrays.fill(o0, j0, j1, 0f);
            Arrays.fill(o1, j0, j1, 0f);
            Arrays.fill(o2, j0, j1, 0f);
            Arrays.fill(o3, j0, j1, 0f);
            for (int k = 0; k < depth; k++) {
                float[] c = coef[k];
                axpy4(o0, o1, o2, o3, c[r], c[r + 1], c[r + 2], c[r + 3], src[k], j0, j1);
            }
        }
        for (; r < r1; r++) {
            float[] o = out[r];
            Arrays.fill(o, j0, j1, 0f);
            for (int k = 0; k < depth; k++) {
                axpy(o, coef[k][r], src[k], j0, j1);
            }
        }
    }

    /**
     * A product between rows at offsets: {@code out[outRow + r][j] = init(r) + sum_k coef[coefRow + r][k] *
     * src[srcRow + k][j]} for {@code r} in {@code [r0, r1)}, {@code j} in {@code [j0, j1)} and {@code k} in
     * {@code [0, depth)}, summed in ascending {@code k}, where {@code init(r)} is {@code rowInit[outRow + r]} or
     * zero when {@code rowInit} is {@code null}. Columns are taken in blocks of {@value #COLUMN_BLOCK} so that
     * four output rows stay in the L1 cache while the source block is read from L2. Used by convolutions
     * ({@code Y = W col} and {@code dcol = W^T dY}).
     *
     * @param out     output rows
     * @param outRow  the output row of {@code r = 0}
     * @param rowInit per-row starting values (a bias), indexed like the output rows, or {@code null}
     * @param coef    coefficient rows, indexed {@code [coefRow + r][k]}
     * @param coefRow the coefficient row of {@code r = 0}
     * @param src     source rows, indexed {@code [srcRow + k][j]}
     * @param srcRow  the source row of {@code k = 0}
     * @param depth   the number of terms
     * @param r0      first row
     * @param r1      end of rows
     * @param j0      first column
     * @param j1      end of columns
     */
    static void multiplyRows(float[][] out, int outRow, float[] rowInit, float[][] coef, int coefRow,
                             float[][] src, int srcRow, int depth, int r0, int r1, int j0, int j1) {
        if (VectorSupport.ENABLED && vector) {
            VectorKernels.multiplyRows(out, outRow, rowInit, coef, coefRow, src, srcRow, depth, r0, r1, j0, j1);
            return;
        }
        for (int jb = j0; jb < j1; jb += COLUMN_BLOCK) {
            int je = Math.min(j1, jb + COLUMN_BLOCK);
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                float[] o0 = out[outRow + r];
                float[] o1 = out[outRow + r + 1];
                float[] o2 = out[outRow + r + 2];
                float[] o3 = out[outRow + r + 3];
                float[] c0 = coef[coefRow + r];
                float[] c1 = coef[coefRow + r + 1];
                float[] c2 = coef[coefRow + r + 2];
                float[] c3 = coef[coefRow + r + 3];
                fill(o0, rowInit, outRow + r, jb, je);
                fill(o1, rowInit, outRow + r + 1, jb, je);
                fill(o2, rowInit, outRow + r + 2, jb, je);
                fill(o3, rowInit, outRow + r + 3, jb, je);
                for (int k = 0; k < depth; k++) {
                    axpy4(o0, o1, o2, o3, c0[k], c1[k], c2[k], c3[k], src[srcRow + k], jb, je);
                }
            }
            for (; r < r1; r++) {
                float[] o = out[outRow + r];
                float[] c = coef[coefRow + r];
                fill(o, rowInit, outRow + r, jb, je);
                for (int k = 0; k < depth; k++) {
                    axpy(o, c[k], src[srcRow + k], jb, je);
                }
            }
        }
    }

    /**
     * @param row    values
     * @param length how many, from index 0
     * @return their sum, in ascending order (scalar) or per lane then across lanes (vector)
     */
    static float sum(float[] row, int length) {
        if (VectorSupport.ENABLED && vector) {
            return VectorKernels.sum(row, length);
        }
        float s = 0f;
        for (int n = 0; n < length; n++) {
            s += row[n];
        }
        return s;
    }

    private static void fill(float[] row, float[] rowInit, int index, int j0, int j1) {
        Arrays.fill(row, j0, j1, rowInit == null ? 0f : rowInit[index]);
    }

    /**
     * {@code out[j] = sum_k rows[k][j]} over {@code k} in {@code [0, count)}, in ascending {@code k}.
     *
     * @param out   the sums
     * @param rows  the rows to add
     * @param count the number of rows
     * @param j0    first column
     * @param j1    end of columns
     */
    static void columnSums(float[] out, float[][] rows, int count, int j0, int j1) {
        Arrays.fill(out, j0, j1, 0f);
        for (int k = 0; k < count; k++) {
            float[] row = rows[k];
            for (int j = j0; j < j1; j++) {
                out[j] += row[j];
            }
        }
    }

    /**
     * {@code dst[o][i] = src[i][o]} for {@code o} in {@code [o0, o1)} and every {@code i}, in cache blocks.
     *
     * @param src the matrix, {@code [inputs][outputs]}
     * @param dst its transpose, {@code [outputs][inputs]}
     * @param o0  first row of {@code dst}
     * @param o1  end of rows of {@code dst}
     */
    static void transpose(float[][] src, float[][] dst, int o0, int o1) {
        int inputs = src.length;
        for (int i0 = 0; i0 < inputs; i0 += 64) {
            int i1 = Math.min(inputs, i0 + 64);
            for (int o = o0; o < o1; o++) {
                float[] row = dst[o];
                for (int i = i0; i < i1; i++) {
                    row[i] = src[i][o];
                }
            }
        }
    }

    /**
     * @param n       the number of items
     * @param worker  a worker index
     * @param workers the number of workers
     * @return where the worker's share of {@code [0, n)} begins; the share ends where the next one's begins
     */
    static int share(int n, int worker, int workers) {
        return (int) ((long) n * worker / workers);
    }

    private static void start(float[] row, float[] init, int j0, int j1) {
        if (init == null) {
            Arrays.fill(row, j0, j1, 0f);
        } else {
            System.arraycopy(init, j0, row, j0, j1 - j0);
        }
    }

    private static void axpy4(float[] o0, float[] o1, float[] o2, float[] o3, float a0, float a1, float a2,
                              float a3, float[] s, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            float v = s[j];
            o0[j] += a0 * v;
            o1[j] += a1 * v;
            o2[j] += a2 * v;
            o3[j] += a3 * v;
        }
    }

    private static void axpy(float[] o, float a, float[] s, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            o[j] += a * s[j];
        }
    }
}
