package org.initlab.backends.nativebackend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The products of {@link NativeWinogradConv}: {@code out[outRow + r][j] = sum_k coef[coefRow + r][k] *
 * src[srcRow + k][j]} over whole vectors of columns, with short sums ({@code k} runs over 8 to a few hundred
 * channels). Unlike {@link VectorKernels#multiplyRows}, made for long sums in blocks, a tile's sums start in
 * registers from zero and are stored once: no pass that zeroes the output first, no partial sums stored between
 * blocks and no scalar column tails (the caller pads its columns to whole vectors). Each element is the fused
 * multiply-adds of its terms in ascending {@code k}, whatever the tile. Preferred species only (see
 * {@link VectorPatches}).
 */
final class WinogradProducts {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private WinogradProducts() {
    }

    /**
     * @param out     output rows
     * @param outRow  the output row of {@code r = 0}
     * @param coef    coefficient rows
     * @param coefRow the coefficient row of {@code r = 0}
     * @param src     source rows
     * @param srcRow  the source row of {@code k = 0}
     * @param depth   terms per element
     * @param rows    output rows to compute
     * @param j0      first column
     * @param j1      end of columns; {@code j1 - j0} is a multiple of the vector length
     */
    static void multiply(float[][] out, int outRow, float[][] coef, int coefRow, float[][] src, int srcRow,
                         int depth, int rows, int j0, int j1) {
        int j = j0;
        for (; j + 4 * V <= j1; j += 4 * V) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                tile4x4(out, outRow + r, coef, coefRow + r, src, srcRow, depth, j);
            }
            for (; r < rows; r++) {
                for (int jj = j; jj < j + 4 * V; jj += V) {
                    tile1x1(out, outRow + r, coef, coefRow + r, src, srcRow, depth, jj);
                }
            }
        }
        for (; j < j1; j += V) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                tile4x1(out, outRow + r, coef, coefRow + r, src, srcRow, depth, j);
            }
            for (; r < rows; r++) {
                tile1x1(out, outRow + r, coef, coefRow + r, src, srcRow, depth, j);
            }
        }
    }

    /** Four rows by four vectors. */
    private static void tile4x4(float[][] out, int o, float[][] coef, int c, float[][] src, int s, int depth, int j) {
        float[] c0 = coef[c];
        float[] c1 = coef[c + 1];
        float[] c2 = coef[c + 2];
        float[] c3 = coef[c + 3];
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = FloatVector.zero(S);
        FloatVector a02 = FloatVector.zero(S);
        FloatVector a03 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S);
        FloatVector a11 = FloatVector.zero(S);
        FloatVector a12 = FloatVector.zero(S);
        FloatVector a13 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S);
        FloatVector a21 = FloatVector.zero(S);
        FloatVector a22 = FloatVector.zero(S);
        FloatVector a23 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S);
        FloatVector a31 = FloatVector.zero(S);
        FloatVector a32 = FloatVector.zero(S);
        FloatVector a33 = FloatVector.zero(S);
        for (int k = 0; k < depth; k++) {
            float[] sk = src[s + k];
            FloatVector v0 = FloatVector.fromArray(S, sk, j);
            FloatVector v1 = FloatVector.fromArray(S, sk, j + V);
            FloatVector v2 = FloatVector.fromArray(S, sk, j + 2 * V);
            FloatVector v3 = FloatVector.fromArray(S, sk, j + 3 * V);
            FloatVector w0 = FloatVector.broadcast(S, c0[k]);
            a00 = v0.fma(w0, a00);
            a01 = v1.fma(w0, a01);
            a02 = v2.fma(w0, a02);
            a03 = v3.fma(w0, a03);
            w0 = FloatVector.broadcast(S, c1[k]);
            a10 = v0.fma(w0, a10);
            a11 = v1.fma(w0, a11);
            a12 = v2.fma(w0, a12);
            a13 = v3.fma(w0, a13);
            w0 = FloatVector.broadcast(S, c2[k]);
            a20 = v0.fma(w0, a20);
            a21 = v1.fma(w0, a21);
            a22 = v2.fma(w0, a22);
            a23 = v3.fma(w0, a23);
            w0 = FloatVector.broadcast(S, c3[k]);
            a30 = v0.fma(w0, a30);
            a31 = v1.fma(w0, a31);
            a32 = v2.fma(w0, a32);
            a33 = v3.fma(w0, a33);
        }
        float[] o0 = out[o];
        a00.intoArray(o0, j);
        a01.intoArray(o0, j + V);
        a02.intoArray(o0, j + 2 * V);
        a03.intoArray(o0, j + 3 * V);
        float[] o1 = out[o + 1];
        a10.intoArray(o1, j);
        a11.intoArray(o1, j + V);
        a12.intoArray(o1, j + 2 * V);
        a13.intoArray(o1, j + 3 * V);
        float[] o2 = out[o + 2];
        a20.intoArray(o2, j);
        a21.intoArray(o2, j + V);
        a22.intoArray(o2, j + 2 * V);
        a23.intoArray(o2, j + 3 * V);
        float[] o3 = out[o + 3];
        a30.intoArray(o3, j);
        a31.intoArray(o3, j + V);
        a32.intoArray(o3, j + 2 * V);
        a33.intoArray(o3, j + 3 * V);
    }

    /** Four rows by one vector. */
    private static void tile4x1(float[][] out, int o, float[][] coef, int c, float[][] src, int s, int depth, int j) {
        float[] c0 = coef[c];
        float[] c1 = coef[c + 1];
        float[] c2 = coef[c + 2];
        float[] c3 = coef[c + 3];
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        for (int k = 0; k < depth; k++) {
            FloatVector v = FloatVector.fromArray(S, src[s + k], j);
            a0 = v.fma(FloatVector.broadcast(S, c0[k]), a0);
            a1 = v.fma(FloatVector.broadcast(S, c1[k]), a1);
            a2 = v.fma(FloatVector.broadcast(S, c2[k]), a2);
            a3 = v.fma(FloatVector.broadcast(S, c3[k]), a3);
        }
        a0.intoArray(out[o], j);
        a1.intoArray(out[o + 1], j);
        a2.intoArray(out[o + 2], j);
        a3.intoArray(out[o + 3], j);
    }

    /** One row by one vector. */
    private static void tile1x1(float[][] out, int o, float[][] coef, int c, float[][] src, int s, int depth, int j) {
        float[] c0 = coef[c];
        FloatVector a = FloatVector.zero(S);
        for (int k = 0; k < depth; k++) {
            a = FloatVector.fromArray(S, src[s + k], j).fma(FloatVector.broadcast(S, c0[k]), a);
        }
        a.intoArray(out[o], j);
    }
}
