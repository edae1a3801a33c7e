package org.initlab.backends.nativebackend;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The matrix kernels of {@link Kernels} written with the incubating Vector API ({@code jdk.incubator.vector},
 * JDK 17), for JVMs started with {@code --add-modules jdk.incubator.vector}; only {@link Kernels} calls it, and
 * only when {@link VectorSupport#ENABLED}.
 *
 * <p>Products are register-blocked: a tile of four output rows by four vectors (64 floats with AVX-512,
 * {@link VectorTiles}) is held in 16 vector registers while the terms are added, with fused multiply-adds; the
 * terms are taken in blocks of {@value #DEPTH_BLOCK} so that the source strip of a tile stays in L1 while every
 * row of the output passes over it. Each output element is still one chain of fused multiply-adds in ascending
 * term order from its initial value, whether a tile, a single vector or the scalar tail ({@link Math#fma})
 * computes it (the initial values of a tile are set in its registers, or written just before its first block
 * of terms; later blocks start from the partial sum stored in the output, which rounds nothing): results do not
 * depend on how rows and columns are split between threads. They differ from the scalar kernels' (separate
 * multiply and add) by float rounding only.
 *
 * <p>The dot-product kernels are in {@link VectorDotKernels}. Vectors never cross a call that might not be
 * inlined, where HotSpot would box them.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Terms per block: a 64-float-wide strip of this many source rows is 16 KiB. */
    static final int DEPTH_BLOCK = 64;

    private VectorKernels() {
    }

    /** @return the vector width, e.g. {@code 512-bit} */
    static String describe() {
        return S.vectorBitSize() + "-bit";
    }

    /** See {@link Kernels#multiplyRows}. */
    static void multiplyRows(float[][] out, int outRow, float[] rowInit, float[][] coef, int coefRow,
                             float[][] src, int srcRow, int depth, int r0, int r1, int j0, int j1) {
        product(out, outRow, rowInit, null, coef, coefRow, false, src, srcRow, depth, r0, r1, j0, j1);
    }

    /**
     * {@code out[outRow + r][j] = init + sum_k w(r, k) * src[srcRow + k][j]}, where {@code w(r, k)} is
     * {@code coef[coefRow + r][k]}, or {@code coef[k][coefRow + r]} when {@code transposed}, and the initial
     * value is {@code rowInit[outRow + r]}, {@code columnInit[j]} or zero.
     */
    static void product(float[][] out, int outRow, float[] rowInit, float[] columnInit, float[][] coef,
                        int coefRow, boolean transposed, float[][] src, int srcRow, int depth, int r0, int r1,
                        int j0, int j1) {
        if (depth == 0) {
            for (int r = r0; r < r1; r++) {
                initialize(out[outRow + r], outRow + r, rowInit, columnInit, j0, j1);
            }
            return;
        }
        for (int k0 = 0; k0 < depth; k0 += DEPTH_BLOCK) {
            int k1 = Math.min(depth, k0 + DEPTH_BLOCK);
            // the first block starts from the initial values, later ones from the partial sums in the output
            boolean fresh = k0 == 0;
            // tiles of 64 columns outside, rows inside: the tile's source strip is read once from L2
            int j = j0;
            for (; j + 4 * V <= j1; j += 4 * V) {
                int r = r0;
                for (; r + 4 <= r1; r += 4) {
                    if (transposed) {
                        VectorTiles.tile4T(out, outRow + r, coef, coefRow + r, src, srcRow, k0, k1, j, fresh, rowInit,
                                columnInit);
                    } else {
                        VectorTiles.tile4(out, outRow + r, coef, coefRow + r, src, srcRow, k0, k1, j, fresh, rowInit,
                                columnInit);
                    }
                }
                for (; r < r1; r++) {
                    if (fresh) {
                        initialize(out[outRow + r], outRow + r, rowInit, columnInit, j, j + 4 * V);
                    }
                    edge(out, outRow + r, coef, coefRow + r, transposed, src, srcRow, k0, k1, j, j + 4 * V);
                }
            }
            if (j < j1) {
                int r = r0;
                for (; r + 4 <= r1; r += 4) {
                    if (fresh) {
                        for (int q = outRow + r; q < outRow + r + 4; q++) {
                            initialize(out[q], q, rowInit, columnInit, j, j1);
                        }
                    }
                    int jj = j;
                    for (; jj + V <= j1; jj += V) {
                        tile4x1(out, outRow + r, coef, coefRow + r, transposed, src, srcRow, k0, k1, jj);
                    }
                    for (int q = 0; q < 4 && jj < j1; q++) {
                        scalarTail(out[outRow + r + q], coef, coefRow + r + q, transposed, src, srcRow, k0, k1, jj,
                                j1);
                    }
                }
                for (; r < r1; r++) {
                    if (fresh) {
                        initialize(out[outRow + r], outRow + r, rowInit, columnInit, j, j1);
                    }
                    edge(out, outRow + r, coef, coefRow + r, transposed, src, srcRow, k0, k1, j, j1);
                }
            }
        }
    }

    /**
     * Writes the starting values of output row {@code row} (index {@code index}) at columns {@code [j0, j1)}, just
     * before its first block of terms loads them: a tile's worth, still in L1, rather than a pass over the output.
     */
    private static void initialize(float[] row, int index, float[] rowInit, float[] columnInit, int j0, int j1) {
        if (rowInit != null) {
            Arrays.fill(row, j0, j1, rowInit[index]);
        } else if (columnInit != null) {
            System.arraycopy(columnInit, j0, row, j0, j1 - j0);
        } else {
            Arrays.fill(row, j0, j1, 0f);
        }
    }

    private static float weight(float[][] coef, int row, boolean transposed, int k) {
        return transposed ? coef[k][row] : coef[row][k];
    }

    /** One row, columns {@code [j, j1)}: single vectors, then scalar fused multiply-adds. */
    private static void edge(float[][] out, int o, float[][] coef, int c, boolean transposed, float[][] src, int s,
                             int k0, int k1, int j, int j1) {
        float[] row = out[o];
        for (; j + V <= j1; j += V) {
            FloatVector a = FloatVector.fromArray(S, row, j);
            for (int k = k0; k < k1; k++) {
                a = FloatVector.fromArray(S, src[s + k], j).fma(FloatVector.broadcast(S,
                        weight(coef, c, transposed, k)), a);
            }
            a.intoArray(row, j);
        }
        if (j < j1) {
            scalarTail(row, coef, c, transposed, src, s, k0, k1, j, j1);
        }
    }

    /** Four rows by one vector: four independent chains of fused multiply-adds, for the columns past the tiles. */
    private static void tile4x1(float[][] out, int o, float[][] coef, int c, boolean transposed, float[][] src,
                                int s, int k0, int k1, int j) {
        float[] o0 = out[o];
        float[] o1 = out[o + 1];
        float[] o2 = out[o + 2];
        float[] o3 = out[o + 3];
        FloatVector a0 = FloatVector.fromArray(S, o0, j);
        FloatVector a1 = FloatVector.fromArray(S, o1, j);
        FloatVector a2 = FloatVector.fromArray(S, o2, j);
        FloatVector a3 = FloatVector.fromArray(S, o3, j);
        for (int k = k0; k < k1; k++) {
            FloatVector v = FloatVector.fromArray(S, src[s + k], j);
            a0 = v.fma(FloatVector.broadcast(S, weight(coef, c, transposed, k)), a0);
            a1 = v.fma(FloatVector.broadcast(S, weight(coef, c + 1, transposed, k)), a1);
            a2 = v.fma(FloatVector.broadcast(S, weight(coef, c + 2, transposed, k)), a2);
            a3 = v.fma(FloatVector.broadcast(S, weight(coef, c + 3, transposed, k)), a3);
        }
        a0.intoArray(o0, j);
        a1.intoArray(o1, j);
        a2.intoArray(o2, j);
        a3.intoArray(o3, j);
    }

    /**
     * Columns {@code [j0, j1)} of one row, fewer than a vector, in scalar fused multiply-adds: terms outside,
     * columns inside, so that the columns' chains run side by side rather than one after the other.
     */
    private static void scalarTail(float[] row, float[][] coef, int c, boolean transposed, float[][] src, int s,
                                   int k0, int k1, int j0, int j1) {
        for (int k = k0; k < k1; k++) {
            float w = weight(coef, c, transposed, k);
            float[] sk = src[s + k];
            for (int j = j0; j < j1; j++) {
                row[j] = Math.fma(sk[j], w, row[j]);
            }
        }
    }

    /** See {@link Kernels#sum}. */
    static float sum(float[] row, int length) {
        FloatVector s = FloatVector.zero(S);
        int bound = S.loopBound(length);
        for (int n = 0; n < bound; n += V) {
            s = s.add(FloatVector.fromArray(S, row, n));
        }
        float total = s.reduceLanes(VectorOperators.ADD);
        for (int n = bound; n < length; n++) {
            total += row[n];
        }
        return total;
    }
}
