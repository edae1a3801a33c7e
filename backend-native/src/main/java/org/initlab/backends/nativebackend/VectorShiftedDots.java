package org.initlab.backends.nativebackend;

import static jdk.incubator.vector.VectorOperators.ADD;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient's dot products of {@link NativeDirectConv}, whose second factors are shifted views of padded
 * rows ({@link FlatPlanes}), as {@link VectorShiftedKernels} has the products. Only {@link NativeDirectConv} calls
 * this class, and only when {@link Kernels#vectorActive()}. Vectors never cross a call that might not be inlined.
 */
final class VectorShiftedDots {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private VectorShiftedDots() {
    }

    /** Terms per chunk: a chunk of four rows of {@code a} (32 KiB) stays in L1, of every row of {@code b} in L2. */
    static final int CHUNK = 2048;

    /**
     * {@code out[r][c] = sum_n a[r][aStart + n] * b[c][bOffsets[c] + n]} for {@code r} in {@code [r0, r1)},
     * {@code c} in {@code [0, columns)} and {@code n} in {@code [0, length)}, {@code length} a whole number of
     * vectors. The terms go in chunks of {@value #CHUNK}; in a chunk each element is one sum per lane (four-by-four
     * blocks, each loaded vector used four times), its lanes added in order and then added to the element's sum of
     * the chunks before. An element's value depends on the length alone, not on {@code r0} and {@code r1}.
     * Measured on ResNet-20 (2 threads): lane sums kept in memory between chunks instead (as {@link VectorDotKernels}
     * does) spill out of L2 at 64 channels (2.4 MB); no chunks at all streams every row from L3 once per block of
     * four rows, which made the weight gradient 28% of the time instead of about 20%.
     */
    static void dot(float[][] out, float[][] a, int aStart, int r0, int r1, float[][] b, int[] bOffsets, int columns,
                    int length) {
        for (int n0 = 0; n0 < length; n0 += CHUNK) {
            int n1 = Math.min(length, n0 + CHUNK);
            boolean add = n0 > 0;
            for (int r = r0; r < r1; r += 4) {
                int rows = Math.min(4, r1 - r);
                int c = 0;
                if (rows == 4) {
                    for (; c + 4 <= columns; c += 4) {
                        dot4x4(out, a, r, aStart, b, bOffsets, c, n0, n1, add);
                    }
                }
                for (; c < columns; c++) {
                    for (int q = r; q < r + rows; q++) {
                        float s = dot1(a[q], aStart, b[c], bOffsets[c], n0, n1);
                        out[q][c] = add ? out[q][c] + s : s;
                    }
                }
            }
        }
    }

    /** Rows {@code [r, r + 4)} by columns {@code [c, c + 4)} of {@link #dot}, terms {@code [n0, n1)}. */
    private static void dot4x4(float[][] out, float[][] a, int r, int aStart, float[][] b, int[] bOffsets, int c,
                               int n0, int n1, boolean add) {
        float[] x0 = a[r];
        float[] x1 = a[r + 1];
        float[] x2 = a[r + 2];
        float[] x3 = a[r + 3];
        float[] y0 = b[c];
        float[] y1 = b[c + 1];
        float[] y2 = b[c + 2];
        float[] y3 = b[c + 3];
        int d0 = bOffsets[c] - aStart;
        int d1 = bOffsets[c + 1] - aStart;
        int d2 = bOffsets[c + 2] - aStart;
        int d3 = bOffsets[c + 3] - aStart;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00, s02 = s00, s03 = s00, s10 = s00, s11 = s00, s12 = s00, s13 = s00, s20 = s00;
        FloatVector s21 = s00, s22 = s00, s23 = s00, s30 = s00, s31 = s00, s32 = s00, s33 = s00;
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
        float[] o0 = out[r];
        store(o0, c, add, s00.reduceLanes(ADD), s01.reduceLanes(ADD),
                s02.reduceLanes(ADD), s03.reduceLanes(ADD));
        float[] o1 = out[r + 1];
        store(o1, c, add, s10.reduceLanes(ADD), s11.reduceLanes(ADD),
                s12.reduceLanes(ADD), s13.reduceLanes(ADD));
        float[] o2 = out[r + 2];
        store(o2, c, add, s20.reduceLanes(ADD), s21.reduceLanes(ADD),
                s22.reduceLanes(ADD), s23.reduceLanes(ADD));
        float[] o3 = out[r + 3];
        store(o3, c, add, s30.reduceLanes(ADD), s31.reduceLanes(ADD),
                s32.reduceLanes(ADD), s33.reduceLanes(ADD));
    }

    private static void store(float[] o, int c, boolean add, float s0, float s1, float s2, float s3) {
        o[c] = add ? o[c] + s0 : s0;
        o[c + 1] = add ? o[c + 1] + s1 : s1;
        o[c + 2] = add ? o[c + 2] + s2 : s2;
        o[c + 3] = add ? o[c + 3] + s3 : s3;
    }

    /** One element of {@link #dot}, terms {@code [n0, n1)}, like {@link #dot4x4}. */
    private static float dot1(float[] x, int aStart, float[] y, int bOffset, int n0, int n1) {
        FloatVector s = FloatVector.zero(S);
        int d = bOffset - aStart;
        for (int n = aStart + n0; n < aStart + n1; n += V) {
            s = FloatVector.fromArray(S, x, n).fma(FloatVector.fromArray(S, y, n + d), s);
        }
        return s.reduceLanes(ADD);
    }
}
