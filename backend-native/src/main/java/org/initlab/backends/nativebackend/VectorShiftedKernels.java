package org.initlab.backends.nativebackend;

import static jdk.incubator.vector.VectorOperators.ADD;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The products of {@link NativeDirectConv}, whose source rows are shifted views: term {@code k} reads row
 * {@code src[k]} from {@code offsets[k]} on, so that the nine taps of a 3x3 filter read one padded channel row
 * ({@link FlatPlanes}) at nine offsets instead of nine copies of it (im2col). Otherwise the register tiles of
 * {@link VectorTiles} (four rows by four vectors, fused multiply-adds in ascending term order, terms in blocks of
 * {@value #DEPTH_BLOCK} whose partial sums wait in the output) and the lane-wise dot products of
 * {@link VectorDotKernels} (taken in chunks, lanes added in order at the end). An element's value does not depend
 * on the tile that computes it, nor on the rows or columns around it. Only {@link NativeDirectConv} calls this
 * class, and only when {@link Kernels#vectorActive()}. Vectors never cross a call that might not be inlined.
 */
final class VectorShiftedKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Terms per block of a product: a tile's source strip (64 rows of four vectors) stays in L1. */
    private static final int DEPTH_BLOCK = 64;
    /** Terms per chunk of a dot product: 8 KiB of each row, so that a chunk of every row stays in L2. */
    private static final int CHUNK = 1024;

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
        for (int k0 = 0; k0 < depth; k0 += DEPTH_BLOCK) {
            int k1 = Math.min(depth, k0 + DEPTH_BLOCK);
            boolean fresh = k0 == 0;
            int j = 0;
            for (; j + 4 * V <= end; j += 4 * V) {
                int r = 0;
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
                int r = 0;
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

    /**
     * @param rows    output rows
     * @param columns output columns
     * @return the length of the lane sums {@link #dot} keeps between chunks of terms
     */
    static int partialsLength(int rows, int columns) {
        return rows * columns * V;
    }

    /**
     * {@code out[r][c] = sum_n a[r][aStart + n] * b[c][bOffsets[c] + n]} for {@code r} in {@code [r0, r1)},
     * {@code c} in {@code [0, columns)} and {@code n} in {@code [0, length)}, {@code length} a whole number of
     * vectors: one partial sum per lane, over chunks of {@value #CHUNK} terms kept in {@code partials} (at least
     * {@link #partialsLength} for all the output's rows), then the lanes added in order.
     */
    static void dot(float[][] out, float[][] a, int aStart, int r0, int r1, float[][] b, int[] bOffsets, int columns,
                    int length, float[] partials) {
        int stride = columns * V;
        for (int n0 = 0; n0 < length; n0 += CHUNK) {
            int n1 = Math.min(length, n0 + CHUNK);
            boolean fresh = n0 == 0;
            int c = 0;
            for (; c + 4 <= columns; c += 4) {
                int r = r0;
                for (; r + 4 <= r1; r += 4) {
                    partial4x4(partials, r * stride + c * V, stride, a, r, aStart, b, bOffsets, c, n0, n1, fresh);
                }
                for (; r < r1; r++) {
                    for (int cc = c; cc < c + 4; cc++) {
                        partial1(partials, r * stride + cc * V, a[r], aStart, b[cc], bOffsets[cc], n0, n1, fresh);
                    }
                }
            }
            for (; c < columns; c++) {
                for (int r = r0; r < r1; r++) {
                    partial1(partials, r * stride + c * V, a[r], aStart, b[c], bOffsets[c], n0, n1, fresh);
                }
            }
        }
        for (int r = r0; r < r1; r++) {
            for (int c = 0; c < columns; c++) {
                out[r][c] = FloatVector.fromArray(S, partials, r * stride + c * V).reduceLanes(ADD);
            }
        }
    }

    private static FloatVector load(float[] p, int at, boolean zero) {
        return zero ? FloatVector.zero(S) : FloatVector.fromArray(S, p, at);
    }

    /**
     * Terms {@code [n0, n1)} of a four-by-four block of {@link #dot}, continuing the lane sums in {@code p} (element
     * {@code (q, cc)} at {@code at + q * stride + cc * V}), or starting them from zero when {@code fresh}.
     */
    private static void partial4x4(float[] p, int at, int stride, float[][] a, int ar, int aStart, float[][] b,
                                   int[] bOffsets, int bc, int n0, int n1, boolean fresh) {
        float[] x0 = a[ar + 0];
        float[] x1 = a[ar + 1];
        float[] x2 = a[ar + 2];
        float[] x3 = a[ar + 3];
        float[] y0 = b[bc + 0];
        float[] y1 = b[bc + 1];
        float[] y2 = b[bc + 2];
        float[] y3 = b[bc + 3];
        int d0 = bOffsets[bc + 0] - aStart;
        int d1 = bOffsets[bc + 1] - aStart;
        int d2 = bOffsets[bc + 2] - aStart;
        int d3 = bOffsets[bc + 3] - aStart;
        FloatVector s00 = load(p, at, fresh);
        FloatVector s01 = load(p, at + V, fresh);
        FloatVector s02 = load(p, at + 2 * V, fresh);
        FloatVector s03 = load(p, at + 3 * V, fresh);
        FloatVector s10 = load(p, at + stride, fresh);
        FloatVector s11 = load(p, at + stride + V, fresh);
        FloatVector s12 = load(p, at + stride + 2 * V, fresh);
        FloatVector s13 = load(p, at + stride + 3 * V, fresh);
        FloatVector s20 = load(p, at + 2 * stride, fresh);
        FloatVector s21 = load(p, at + 2 * stride + V, fresh);
        FloatVector s22 = load(p, at + 2 * stride + 2 * V, fresh);
        FloatVector s23 = load(p, at + 2 * stride + 3 * V, fresh);
        FloatVector s30 = load(p, at + 3 * stride, fresh);
        FloatVector s31 = load(p, at + 3 * stride + V, fresh);
        FloatVector s32 = load(p, at + 3 * stride + 2 * V, fresh);
        FloatVector s33 = load(p, at + 3 * stride + 3 * V, fresh);
        for (int n = aStart + n0; n < aStart + n1; n += V) {
            FloatVector v0 = FloatVector.fromArray(S, y0, n + d0);
            FloatVector v1 = FloatVector.fromArray(S, y1, n + d1);
            FloatVector v2 = FloatVector.fromArray(S, y2, n + d2);
            FloatVector v3 = FloatVector.fromArray(S, y3, n + d3);
            FloatVector u = FloatVector.fromArray(S, x0, n);
            s00 = u.fma(v0, s00);
            s01 = u.fma(v1, s01);
            s02 = u.fma(v2, s02);
            s03 = u.fma(v3, s03);
            u = FloatVector.fromArray(S, x1, n);
            s10 = u.fma(v0, s10);
            s11 = u.fma(v1, s11);
            s12 = u.fma(v2, s12);
            s13 = u.fma(v3, s13);
            u = FloatVector.fromArray(S, x2, n);
            s20 = u.fma(v0, s20);
            s21 = u.fma(v1, s21);
            s22 = u.fma(v2, s22);
            s23 = u.fma(v3, s23);
            u = FloatVector.fromArray(S, x3, n);
            s30 = u.fma(v0, s30);
            s31 = u.fma(v1, s31);
            s32 = u.fma(v2, s32);
            s33 = u.fma(v3, s33);
        }
        s00.intoArray(p, at);
        s01.intoArray(p, at + V);
        s02.intoArray(p, at + 2 * V);
        s03.intoArray(p, at + 3 * V);
        s10.intoArray(p, at + stride);
        s11.intoArray(p, at + stride + V);
        s12.intoArray(p, at + stride + 2 * V);
        s13.intoArray(p, at + stride + 3 * V);
        s20.intoArray(p, at + 2 * stride);
        s21.intoArray(p, at + 2 * stride + V);
        s22.intoArray(p, at + 2 * stride + 2 * V);
        s23.intoArray(p, at + 2 * stride + 3 * V);
        s30.intoArray(p, at + 3 * stride);
        s31.intoArray(p, at + 3 * stride + V);
        s32.intoArray(p, at + 3 * stride + 2 * V);
        s33.intoArray(p, at + 3 * stride + 3 * V);
    }

    /** One element's terms {@code [n0, n1)}, like {@link #partial4x4}. */
    private static void partial1(float[] p, int at, float[] x, int aStart, float[] y, int bOffset, int n0, int n1,
                                 boolean fresh) {
        FloatVector s = load(p, at, fresh);
        int d = bOffset - aStart;
        for (int n = aStart + n0; n < aStart + n1; n += V) {
            s = FloatVector.fromArray(S, x, n).fma(FloatVector.fromArray(S, y, n + d), s);
        }
        s.intoArray(p, at);
    }
}
