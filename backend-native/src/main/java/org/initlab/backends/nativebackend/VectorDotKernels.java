package org.initlab.backends.nativebackend;

import static jdk.incubator.vector.VectorOperators.ADD;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot-product kernels of {@link DotKernels} written with the incubating Vector API, split from
 * {@link VectorKernels} (the axpy-form products); only {@link DotKernels} calls it, and only when
 * {@link Kernels#vectorActive()}.
 *
 * <p>Dot products keep one partial sum per lane, add the lanes with {@code reduceLanes(ADD)} (HotSpot adds
 * float lanes in lane order, as the interpreter does; the thread-count tests would notice otherwise) and
 * then the tail terms in ascending order. An element's value does not depend on the blocking (four rows by
 * four, four by two or one by one). Vectors never cross a call that might not be inlined, where HotSpot would
 * box them.
 */
final class VectorDotKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    /** Terms per chunk of {@link #chunked}: 8 KiB of each row. */
    static final int CHUNK = 2048;

    private VectorDotKernels() {
    }

    /**
     * @param rows    output rows
     * @param columns output columns
     * @return the length of the lane sums {@link #dotRows} keeps between chunks of terms
     */
    static int partialsLength(int rows, int columns) {
        return rows * columns * V;
    }

    /** See {@link DotKernels#dotRows}. */
    static void dotRows(float[][] out, int outRow, float[][] a, int aRow, float[][] b, int bRow, int r0, int r1,
                        int columns, int length, float[] partials) {
        int c = 0;
        int rEnd = r0 + (r1 - r0) / 4 * 4;
        if (length >= 2 * CHUNK && partials.length >= (outRow + r1) * columns * V && rEnd > r0) {
            c = columns - columns % 4;
            chunked(out, outRow, a, aRow, b, bRow, r0, rEnd, c, columns, length, partials);
            for (int r = rEnd; r < r1; r++) {
                for (int cc = 0; cc < c; cc++) {
                    out[outRow + r][cc] = dot(a[aRow + r], b[bRow + cc], length);
                }
            }
        }
        for (; c + 4 <= columns; c += 4) {
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                dot4x4(out, outRow + r, a, aRow + r, b, bRow + c, c, length);
            }
            for (; r < r1; r++) {
                for (int cc = c; cc < c + 4; cc++) {
                    out[outRow + r][cc] = dot(a[aRow + r], b[bRow + cc], length);
                }
            }
        }
        for (; c < columns; c += 2) {
            int r = r0;
            if (c + 2 <= columns) {
                for (; r + 4 <= r1; r += 4) {
                    dot4x2(out, outRow + r, a, aRow + r, b, bRow + c, c, length);
                }
            }
            for (; r < r1; r++) {
                for (int cc = c; cc < Math.min(columns, c + 2); cc++) {
                    out[outRow + r][cc] = dot(a[aRow + r], b[bRow + cc], length);
                }
            }
        }
    }

    /**
     * {@link #dot4x4} for rows {@code [r0, r1)} and columns {@code [0, c1)} (multiples of four), with the terms taken
     * in chunks of {@value #CHUNK} for every block in turn, so that a chunk of the rows is read from the L2 cache
     * rather than memory when the rows are long: each element's lane sums wait in {@code partials} between chunks
     * (storing a vector rounds nothing), then are reduced as {@link #dot4x4} reduces them. Same values.
     */
    private static void chunked(float[][] out, int outRow, float[][] a, int aRow, float[][] b, int bRow, int r0,
                                int r1, int c1, int columns, int length, float[] partials) {
        int bound = S.loopBound(length);
        for (int n0 = 0; n0 < bound; n0 += CHUNK) {
            int n1 = Math.min(bound, n0 + CHUNK);
            for (int c = 0; c < c1; c += 4) {
                for (int r = r0; r < r1; r += 4) {
                    partial4x4(partials, ((outRow + r) * columns + c) * V, columns * V, a, aRow + r, b, bRow + c, n0,
                            n1);
                }
            }
        }
        for (int r = r0; r < r1; r++) {
            float[] row = out[outRow + r];
            float[] x = a[aRow + r];
            for (int c = 0; c < c1; c++) {
                float lanes = FloatVector.fromArray(S, partials, ((outRow + r) * columns + c) * V).reduceLanes(ADD);
                row[c] = finish(lanes, x, b[bRow + c], bound, length);
            }
        }
    }

    /**
     * Terms {@code [n0, n1)} of a four-by-four block, continuing the lane sums in {@code p} (element {@code (q, cc)}
     * at {@code at + q * stride + cc * V}), or starting them from zero when {@code n0} is 0.
     */
    private static void partial4x4(float[] p, int at, int stride, float[][] a, int ar, float[][] b, int br, int n0,
                                   int n1) {
        float[] x0 = a[ar];
        float[] x1 = a[ar + 1];
        float[] x2 = a[ar + 2];
        float[] x3 = a[ar + 3];
        float[] y0 = b[br];
        float[] y1 = b[br + 1];
        float[] y2 = b[br + 2];
        float[] y3 = b[br + 3];
        boolean first = n0 == 0;
        FloatVector s00 = load(p, at, first);
        FloatVector s01 = load(p, at + V, first);
        FloatVector s02 = load(p, at + 2 * V, first);
        FloatVector s03 = load(p, at + 3 * V, first);
        FloatVector s10 = load(p, at + stride, first);
        FloatVector s11 = load(p, at + stride + V, first);
        FloatVector s12 = load(p, at + stride + 2 * V, first);
        FloatVector s13 = load(p, at + stride + 3 * V, first);
        FloatVector s20 = load(p, at + 2 * stride, first);
        FloatVector s21 = load(p, at + 2 * stride + V, first);
        FloatVector s22 = load(p, at + 2 * stride + 2 * V, first);
        FloatVector s23 = load(p, at + 2 * stride + 3 * V, first);
        FloatVector s30 = load(p, at + 3 * stride, first);
        FloatVector s31 = load(p, at + 3 * stride + V, first);
        FloatVector s32 = load(p, at + 3 * stride + 2 * V, first);
        FloatVector s33 = load(p, at + 3 * stride + 3 * V, first);
        for (int n = n0; n < n1; n += V) {
            FloatVector v0 = FloatVector.fromArray(S, y0, n);
            FloatVector v1 = FloatVector.fromArray(S, y1, n);
            FloatVector v2 = FloatVector.fromArray(S, y2, n);
            FloatVector v3 = FloatVector.fromArray(S, y3, n);
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

    private static FloatVector load(float[] p, int at, boolean zero) {
        return zero ? FloatVector.zero(S) : FloatVector.fromArray(S, p, at);
    }

    /** Four rows of {@code a} by four of {@code b}: 16 lane-wise sums, each loaded vector used four times. */
    private static void dot4x4(float[][] out, int o, float[][] a, int ar, float[][] b, int br, int c, int length) {
        float[] x0 = a[ar];
        float[] x1 = a[ar + 1];
        float[] x2 = a[ar + 2];
        float[] x3 = a[ar + 3];
        float[] y0 = b[br];
        float[] y1 = b[br + 1];
        float[] y2 = b[br + 2];
        float[] y3 = b[br + 3];
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s22 = s00;
        FloatVector s23 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s32 = s00;
        FloatVector s33 = s00;
        int bound = S.loopBound(length);
        for (int n = 0; n < bound; n += V) {
            FloatVector v0 = FloatVector.fromArray(S, y0, n);
            FloatVector v1 = FloatVector.fromArray(S, y1, n);
            FloatVector v2 = FloatVector.fromArray(S, y2, n);
            FloatVector v3 = FloatVector.fromArray(S, y3, n);
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
        store4(out[o], c, s00.reduceLanes(ADD), s01.reduceLanes(ADD), s02.reduceLanes(ADD), s03.reduceLanes(ADD),
                x0, y0, y1, y2, y3, bound, length);
        store4(out[o + 1], c, s10.reduceLanes(ADD), s11.reduceLanes(ADD), s12.reduceLanes(ADD), s13.reduceLanes(ADD),
                x1, y0, y1, y2, y3, bound, length);
        store4(out[o + 2], c, s20.reduceLanes(ADD), s21.reduceLanes(ADD), s22.reduceLanes(ADD), s23.reduceLanes(ADD),
                x2, y0, y1, y2, y3, bound, length);
        store4(out[o + 3], c, s30.reduceLanes(ADD), s31.reduceLanes(ADD), s32.reduceLanes(ADD), s33.reduceLanes(ADD),
                x3, y0, y1, y2, y3, bound, length);
    }

    /** Four elements of an output row from their lane sums, with the tail terms. */
    private static void store4(float[] row, int c, float s0, float s1, float s2, float s3, float[] x, float[] y0,
                               float[] y1, float[] y2, float[] y3, int bound, int length) {
        row[c] = finish(s0, x, y0, bound, length);
        row[c + 1] = finish(s1, x, y1, bound, length);
        row[c + 2] = finish(s2, x, y2, bound, length);
        row[c + 3] = finish(s3, x, y3, bound, length);
    }

    private static void dot4x2(float[][] out, int o, float[][] a, int ar, float[][] b, int br, int c, int length) {
        float[] x0 = a[ar];
        float[] x1 = a[ar + 1];
        float[] x2 = a[ar + 2];
        float[] x3 = a[ar + 3];
        float[] y0 = b[br];
        float[] y1 = b[br + 1];
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        int bound = S.loopBound(length);
        for (int n = 0; n < bound; n += V) {
            FloatVector v0 = FloatVector.fromArray(S, y0, n);
            FloatVector v1 = FloatVector.fromArray(S, y1, n);
            FloatVector u = FloatVector.fromArray(S, x0, n);
            s00 = u.fma(v0, s00);
            s01 = u.fma(v1, s01);
            u = FloatVector.fromArray(S, x1, n);
            s10 = u.fma(v0, s10);
            s11 = u.fma(v1, s11);
            u = FloatVector.fromArray(S, x2, n);
            s20 = u.fma(v0, s20);
            s21 = u.fma(v1, s21);
            u = FloatVector.fromArray(S, x3, n);
            s30 = u.fma(v0, s30);
            s31 = u.fma(v1, s31);
        }
        out[o][c] = finish(s00.reduceLanes(ADD), x0, y0, bound, length);
        out[o][c + 1] = finish(s01.reduceLanes(ADD), x0, y1, bound, length);
        out[o + 1][c] = finish(s10.reduceLanes(ADD), x1, y0, bound, length);
        out[o + 1][c + 1] = finish(s11.reduceLanes(ADD), x1, y1, bound, length);
        out[o + 2][c] = finish(s20.reduceLanes(ADD), x2, y0, bound, length);
        out[o + 2][c + 1] = finish(s21.reduceLanes(ADD), x2, y1, bound, length);
        out[o + 3][c] = finish(s30.reduceLanes(ADD), x3, y0, bound, length);
        out[o + 3][c + 1] = finish(s31.reduceLanes(ADD), x3, y1, bound, length);
    }

    private static float dot(float[] x, float[] y, int length) {
        FloatVector s = FloatVector.zero(S);
        int bound = S.loopBound(length);
        for (int n = 0; n < bound; n += V) {
            s = FloatVector.fromArray(S, x, n).fma(FloatVector.fromArray(S, y, n), s);
        }
        return finish(s.reduceLanes(ADD), x, y, bound, length);
    }

    /** Adds the tail terms in ascending order to the sum of the lanes. */
    private static float finish(float lanes, float[] x, float[] y, int bound, int length) {
        float s = lanes;
        for (int n = bound; n < length; n++) {
            s = Math.fma(x[n], y[n], s);
        }
        return s;
    }
}
