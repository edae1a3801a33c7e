package org.initlab.backends.nativebackend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The products of {@link NativeDirectConv}, whose source rows are shifted views: term {@code k} reads row
 * {@code src[k]} from {@code offsets[k]} on, so that the nine taps of a 3x3 filter read one padded channel row
 * ({@link FlatPlanes}) at nine offsets instead of nine copies of it (im2col); the weight gradient is
 * {@link VectorWeightGradients} (or {@link VectorShiftedDots}). Otherwise the register tiles of {@link VectorTiles}:
 * fused multiply-adds in ascending term order, terms in blocks of {@value #DEPTH_BLOCK} whose partial sums wait in
 * the output, but eight rows by three vectors where the rows allow (24 sums in registers: three vector loads and
 * eight broadcasts per 24 multiply-adds). On this machine a core loads about one 64-byte vector a cycle, so the
 * vector loads bound these loops: eight rows by three vectors ran ResNet-20's layers at 175-190 GFLOP/s on one core
 * (ShiftedKernelThroughput), six rows by four at 135-165, four by four lower still. An element's value does not
 * depend on the tile that computes it, nor on the rows or columns around it. Only {@link NativeDirectConv} calls
 * this class, and only when {@link Kernels#vectorActive()}. Vectors never cross a call that might not be inlined.
 */
final class VectorShiftedKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /**
     * Terms per block of a product: sixteen channels' nine taps, a tile's source strip (144 rows of four vectors, 36
     * KiB) in L1. Measured against 64 (ShiftedKernelThroughput, one thread): 1.05-1.10x on ResNet-20's three stages,
     * as the 16-channel layers' 144 terms are one block instead of three.
     */
    private static final int DEPTH_BLOCK = 144;

    private VectorShiftedKernels() {
    }

    /** @return vector lanes */
    static int lanes() {
        return V;
    }

    /** @return {@code n} rounded up to whole vectors */
    static int roundUp(int n) {
        return (n + V - 1) / V * V;
    }

    /**
     * {@code out[r][t] = init(r) + sum_k coef[r][k] * src[k][offsets[k] + t]} for {@code r} in {@code [0, rows)},
     * {@code t} in {@code [0, length)} rounded up to whole vectors (the output rows and the sources have room), with
     * {@code init(r) = rowInit[r]}, or zero when {@code rowInit} is null.
     */
    static void product(float[][] out, int rows, float[] rowInit, float[][] coef, float[][] src, int[] offsets,
                        int depth, int length) {
        int end = roundUp(length);
        // rows in tiles of eight, the rest in tiles of four and of one
        int eights = rows / 8 * 8;
        for (int k0 = 0; k0 < depth; k0 += DEPTH_BLOCK) {
            int k1 = Math.min(depth, k0 + DEPTH_BLOCK);
            boolean fresh = k0 == 0;
            int j = 0;
            for (; j + 3 * V <= end; j += 3 * V) {
                for (int r = 0; r < eights; r += 8) {
                    tile8(out, r, coef, src, offsets, k0, k1, j, fresh, rowInit);
                }
            }
            for (; j < end; j += V) {
                for (int r = 0; r < eights; r += 4) {
                    tile4x1(out, r, coef, src, offsets, k0, k1, j, fresh, rowInit);
                }
            }
            if (eights == rows) {
                continue;
            }
            j = 0;
            for (; j + 4 * V <= end; j += 4 * V) {
                int r = eights;
                for (; r + 4 <= rows; r += 4) {
                    tile4(out, r, coef, src, offsets, k0, k1, j, fresh, rowInit);
                }
                for (; r < rows; r++) {
                    for (int q = j; q < j + 4 * V; q += V) {
                        tile1(out, r, coef, src, offsets, k0, k1, q, fresh, rowInit);
                    }
                }
            }
            for (; j < end; j += V) {
                int r = eights;
                for (; r + 4 <= rows; r += 4) {
                    tile4x1(out, r, coef, src, offsets, k0, k1, j, fresh, rowInit);
                }
                for (; r < rows; r++) {
                    tile1(out, r, coef, src, offsets, k0, k1, j, fresh, rowInit);
                }
            }
        }
    }

    private static FloatVector start(float[] rowInit, int r) {
        return rowInit == null ? FloatVector.zero(S) : FloatVector.broadcast(S, rowInit[r]);
    }

    /** Eight rows by three vectors at column {@code j}, terms {@code [k0, k1)}: 24 sums in registers. */
    private static void tile8(float[][] out, int r, float[][] coef, float[][] src, int[] offsets, int k0, int k1,
                              int j, boolean fresh, float[] rowInit) {
        float[] o0 = out[r + 0];
        float[] o1 = out[r + 1];
        float[] o2 = out[r + 2];
        float[] o3 = out[r + 3];
        float[] o4 = out[r + 4];
        float[] o5 = out[r + 5];
        float[] o6 = out[r + 6];
        float[] o7 = out[r + 7];
        FloatVector a00, a01, a02, a10, a11, a12, a20, a21, a22, a30, a31, a32, a40, a41, a42, a50, a51, a52, a60, a61, a62, a70, a71, a72;
        if (!fresh) {
            a00 = FloatVector.fromArray(S, o0, j);
            a01 = FloatVector.fromArray(S, o0, j + V);
            a02 = FloatVector.fromArray(S, o0, j + 2 * V);
            a10 = FloatVector.fromArray(S, o1, j);
            a11 = FloatVector.fromArray(S, o1, j + V);
            a12 = FloatVector.fromArray(S, o1, j + 2 * V);
            a20 = FloatVector.fromArray(S, o2, j);
            a21 = FloatVector.fromArray(S, o2, j + V);
            a22 = FloatVector.fromArray(S, o2, j + 2 * V);
            a30 = FloatVector.fromArray(S, o3, j);
            a31 = FloatVector.fromArray(S, o3, j + V);
            a32 = FloatVector.fromArray(S, o3, j + 2 * V);
            a40 = FloatVector.fromArray(S, o4, j);
            a41 = FloatVector.fromArray(S, o4, j + V);
            a42 = FloatVector.fromArray(S, o4, j + 2 * V);
            a50 = FloatVector.fromArray(S, o5, j);
            a51 = FloatVector.fromArray(S, o5, j + V);
            a52 = FloatVector.fromArray(S, o5, j + 2 * V);
            a60 = FloatVector.fromArray(S, o6, j);
            a61 = FloatVector.fromArray(S, o6, j + V);
            a62 = FloatVector.fromArray(S, o6, j + 2 * V);
            a70 = FloatVector.fromArray(S, o7, j);
            a71 = FloatVector.fromArray(S, o7, j + V);
            a72 = FloatVector.fromArray(S, o7, j + 2 * V);
        } else {
            a00 = a01 = a02 = start(rowInit, r + 0);
            a10 = a11 = a12 = start(rowInit, r + 1);
            a20 = a21 = a22 = start(rowInit, r + 2);
            a30 = a31 = a32 = start(rowInit, r + 3);
            a40 = a41 = a42 = start(rowInit, r + 4);
            a50 = a51 = a52 = start(rowInit, r + 5);
            a60 = a61 = a62 = start(rowInit, r + 6);
            a70 = a71 = a72 = start(rowInit, r + 7);
        }
        float[] c0 = coef[r + 0];
        float[] c1 = coef[r + 1];
        float[] c2 = coef[r + 2];
        float[] c3 = coef[r + 3];
        float[] c4 = coef[r + 4];
        float[] c5 = coef[r + 5];
        float[] c6 = coef[r + 6];
        float[] c7 = coef[r + 7];
        for (int k = k0; k < k1; k++) {
            float[] sk = src[k];
            int at = offsets[k] + j;
            FloatVector v0 = FloatVector.fromArray(S, sk, at);
            FloatVector v1 = FloatVector.fromArray(S, sk, at + V);
            FloatVector v2 = FloatVector.fromArray(S, sk, at + 2 * V);
            FloatVector w = FloatVector.broadcast(S, c0[k]);
            a00 = v0.fma(w, a00);
            a01 = v1.fma(w, a01);
            a02 = v2.fma(w, a02);
            w = FloatVector.broadcast(S, c1[k]);
            a10 = v0.fma(w, a10);
            a11 = v1.fma(w, a11);
            a12 = v2.fma(w, a12);
            w = FloatVector.broadcast(S, c2[k]);
            a20 = v0.fma(w, a20);
            a21 = v1.fma(w, a21);
            a22 = v2.fma(w, a22);
            w = FloatVector.broadcast(S, c3[k]);
            a30 = v0.fma(w, a30);
            a31 = v1.fma(w, a31);
            a32 = v2.fma(w, a32);
            w = FloatVector.broadcast(S, c4[k]);
            a40 = v0.fma(w, a40);
            a41 = v1.fma(w, a41);
            a42 = v2.fma(w, a42);
            w = FloatVector.broadcast(S, c5[k]);
            a50 = v0.fma(w, a50);
            a51 = v1.fma(w, a51);
            a52 = v2.fma(w, a52);
            w = FloatVector.broadcast(S, c6[k]);
            a60 = v0.fma(w, a60);
            a61 = v1.fma(w, a61);
            a62 = v2.fma(w, a62);
            w = FloatVector.broadcast(S, c7[k]);
            a70 = v0.fma(w, a70);
            a71 = v1.fma(w, a71);
            a72 = v2.fma(w, a72);
        }
        a00.intoArray(o0, j);
        a01.intoArray(o0, j + V);
        a02.intoArray(o0, j + 2 * V);
        a10.intoArray(o1, j);
        a11.intoArray(o1, j + V);
        a12.intoArray(o1, j + 2 * V);
        a20.intoArray(o2, j);
        a21.intoArray(o2, j + V);
        a22.intoArray(o2, j + 2 * V);
        a30.intoArray(o3, j);
        a31.intoArray(o3, j + V);
        a32.intoArray(o3, j + 2 * V);
        a40.intoArray(o4, j);
        a41.intoArray(o4, j + V);
        a42.intoArray(o4, j + 2 * V);
        a50.intoArray(o5, j);
        a51.intoArray(o5, j + V);
        a52.intoArray(o5, j + 2 * V);
        a60.intoArray(o6, j);
        a61.intoArray(o6, j + V);
        a62.intoArray(o6, j + 2 * V);
        a70.intoArray(o7, j);
        a71.intoArray(o7, j + V);
        a72.intoArray(o7, j + 2 * V);
    }

    /** Four rows by four vectors at column {@code j}, terms {@code [k0, k1)}. */
    private static void tile4(float[][] out, int r, float[][] coef, float[][] src, int[] offsets, int k0, int k1,
                              int j, boolean fresh, float[] rowInit) {
        float[] o0 = out[r + 0];
        float[] o1 = out[r + 1];
        float[] o2 = out[r + 2];
        float[] o3 = out[r + 3];
        FloatVector a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;
        if (!fresh) {
            a00 = FloatVector.fromArray(S, o0, j);
            a01 = FloatVector.fromArray(S, o0, j + V);
            a02 = FloatVector.fromArray(S, o0, j + 2 * V);
            a03 = FloatVector.fromArray(S, o0, j + 3 * V);
            a10 = FloatVector.fromArray(S, o1, j);
            a11 = FloatVector.fromArray(S, o1, j + V);
            a12 = FloatVector.fromArray(S, o1, j + 2 * V);
            a13 = FloatVector.fromArray(S, o1, j + 3 * V);
            a20 = FloatVector.fromArray(S, o2, j);
            a21 = FloatVector.fromArray(S, o2, j + V);
            a22 = FloatVector.fromArray(S, o2, j + 2 * V);
            a23 = FloatVector.fromArray(S, o2, j + 3 * V);
            a30 = FloatVector.fromArray(S, o3, j);
            a31 = FloatVector.fromArray(S, o3, j + V);
            a32 = FloatVector.fromArray(S, o3, j + 2 * V);
            a33 = FloatVector.fromArray(S, o3, j + 3 * V);
        } else {
            a00 = a01 = a02 = a03 = start(rowInit, r + 0);
            a10 = a11 = a12 = a13 = start(rowInit, r + 1);
            a20 = a21 = a22 = a23 = start(rowInit, r + 2);
            a30 = a31 = a32 = a33 = start(rowInit, r + 3);
        }
        float[] c0 = coef[r + 0];
        float[] c1 = coef[r + 1];
        float[] c2 = coef[r + 2];
        float[] c3 = coef[r + 3];
        for (int k = k0; k < k1; k++) {
            float[] sk = src[k];
            int at = offsets[k] + j;
            FloatVector v0 = FloatVector.fromArray(S, sk, at);
            FloatVector v1 = FloatVector.fromArray(S, sk, at + V);
            FloatVector v2 = FloatVector.fromArray(S, sk, at + 2 * V);
            FloatVector v3 = FloatVector.fromArray(S, sk, at + 3 * V);
            FloatVector w = FloatVector.broadcast(S, c0[k]);
            a00 = v0.fma(w, a00);
            a01 = v1.fma(w, a01);
            a02 = v2.fma(w, a02);
            a03 = v3.fma(w, a03);
            w = FloatVector.broadcast(S, c1[k]);
            a10 = v0.fma(w, a10);
            a11 = v1.fma(w, a11);
            a12 = v2.fma(w, a12);
            a13 = v3.fma(w, a13);
            w = FloatVector.broadcast(S, c2[k]);
            a20 = v0.fma(w, a20);
            a21 = v1.fma(w, a21);
            a22 = v2.fma(w, a22);
            a23 = v3.fma(w, a23);
            w = FloatVector.broadcast(S, c3[k]);
            a30 = v0.fma(w, a30);
            a31 = v1.fma(w, a31);
            a32 = v2.fma(w, a32);
            a33 = v3.fma(w, a33);
        }
        a00.intoArray(o0, j);
        a01.intoArray(o0, j + V);
        a02.intoArray(o0, j + 2 * V);
        a03.intoArray(o0, j + 3 * V);
        a10.intoArray(o1, j);
        a11.intoArray(o1, j + V);
        a12.intoArray(o1, j + 2 * V);
        a13.intoArray(o1, j + 3 * V);
        a20.intoArray(o2, j);
        a21.intoArray(o2, j + V);
        a22.intoArray(o2, j + 2 * V);
        a23.intoArray(o2, j + 3 * V);
        a30.intoArray(o3, j);
        a31.intoArray(o3, j + V);
        a32.intoArray(o3, j + 2 * V);
        a33.intoArray(o3, j + 3 * V);
    }

    /** Four rows by one vector. */
    private static void tile4x1(float[][] out, int r, float[][] coef, float[][] src, int[] offsets, int k0, int k1,
                                int j, boolean fresh, float[] rowInit) {
        float[] o0 = out[r];
        float[] o1 = out[r + 1];
        float[] o2 = out[r + 2];
        float[] o3 = out[r + 3];
        FloatVector a0 = fresh ? start(rowInit, r) : FloatVector.fromArray(S, o0, j);
        FloatVector a1 = fresh ? start(rowInit, r + 1) : FloatVector.fromArray(S, o1, j);
        FloatVector a2 = fresh ? start(rowInit, r + 2) : FloatVector.fromArray(S, o2, j);
        FloatVector a3 = fresh ? start(rowInit, r + 3) : FloatVector.fromArray(S, o3, j);
        float[] c0 = coef[r];
        float[] c1 = coef[r + 1];
        float[] c2 = coef[r + 2];
        float[] c3 = coef[r + 3];
        for (int k = k0; k < k1; k++) {
            FloatVector v = FloatVector.fromArray(S, src[k], offsets[k] + j);
            a0 = v.fma(FloatVector.broadcast(S, c0[k]), a0);
            a1 = v.fma(FloatVector.broadcast(S, c1[k]), a1);
            a2 = v.fma(FloatVector.broadcast(S, c2[k]), a2);
            a3 = v.fma(FloatVector.broadcast(S, c3[k]), a3);
        }
        a0.intoArray(o0, j);
        a1.intoArray(o1, j);
        a2.intoArray(o2, j);
        a3.intoArray(o3, j);
    }

    /** One row by one vector. */
    private static void tile1(float[][] out, int r, float[][] coef, float[][] src, int[] offsets, int k0, int k1,
                              int j, boolean fresh, float[] rowInit) {
        float[] o = out[r];
        float[] c = coef[r];
        FloatVector a = fresh ? start(rowInit, r) : FloatVector.fromArray(S, o, j);
        for (int k = k0; k < k1; k++) {
            a = FloatVector.fromArray(S, src[k], offsets[k] + j).fma(FloatVector.broadcast(S, c[k]), a);
        }
        a.intoArray(o, j);
    }
}
