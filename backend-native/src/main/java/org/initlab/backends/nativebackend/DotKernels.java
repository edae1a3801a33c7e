package org.initlab.backends.nativebackend;

/**
 * Blocked dot products of row pairs, {@code out[r][c] = sum_n a[r][n] * b[c][n]}: the kernel of a convolution's
 * weight gradient, where the contracted dimension (batch times positions) is the long one. Split from
 * {@link Kernels} (the axpy-form products) because it has the other loop order: here each output element is
 * one long reduction kept in registers, there each output row is updated in place.
 */
final class DotKernels {
    private DotKernels() {
    }

    /**
     * Dot products of rows: {@code out[outRow + r][c] = sum_n a[aRow + r][n] * b[bRow + c][n]} for {@code r} in
     * {@code [r0, r1)}, {@code c} in {@code [0, columns)}, {@code n} in {@code [0, length)}. The scalar kernel
     * sums each element in ascending {@code n} in blocks of four rows by four columns (16 accumulators in
     * registers); the vector kernel keeps one partial sum per lane and adds the lanes at the end. Either way an
     * element's value does not depend on {@code r0} and {@code r1}. Used for convolution weight gradients
     * {@code dW = dY col^T}, where the contracted dimension (batch times positions) is the long one.
     *
     * @param out     output rows
     * @param outRow  the output row of {@code r = 0}
     * @param a       first factor rows
     * @param aRow    the row of {@code a} for {@code r = 0}
     * @param b       second factor rows
     * @param bRow    the row of {@code b} for {@code c = 0}
     * @param r0      first row
     * @param r1      end of rows
     * @param columns the number of output columns
     * @param length  the length of the dot products
     * @param partials room for the vector kernel's lane sums between chunks of long products
     *                 ({@link #partialsLength} for the output's rows and columns); a shorter array (even empty)
     *                 makes it take the whole length at once, with the same values
     */
    static void dotRows(float[][] out, int outRow, float[][] a, int aRow, float[][] b, int bRow, int r0, int r1,
                        int columns, int length, float[] partials) {
        if (Kernels.vectorActive()) {
            VectorDotKernels.dotRows(out, outRow, a, aRow, b, bRow, r0, r1, columns, length, partials);
            return;
        }
        for (int c = 0; c < columns; c += 4) {
            int r = r0;
            if (c + 4 <= columns) {
                for (; r + 4 <= r1; r += 4) {
                    dot4x4(out, outRow + r, a, aRow + r, b, bRow + c, c, length);
                }
            }
            for (; r < r1; r++) {
                float[] x = a[aRow + r];
                float[] o = out[outRow + r];
                for (int cc = c; cc < Math.min(columns, c + 4); cc++) {
                    float[] y = b[bRow + cc];
                    float s = 0f;
                    for (int n = 0; n < length; n++) {
                        s += x[n] * y[n];
                    }
                    o[cc] = s;
                }
            }
        }
    }

    /**
     * @param rows    output rows (all groups)
     * @param columns output columns
     * @return the length of the {@code partials} argument of {@link #dotRows} for that output, when the Vector
     *         API kernels can run; otherwise 0
     */
    static int partialsLength(int rows, int columns) {
        return VectorSupport.ENABLED ? VectorDotKernels.partialsLength(rows, columns) : 0;
    }

    private static void dot4x4(float[][] out, int outRow, float[][] a, int aRow, float[][] b, int bRow, int c,
                               int length) {
        float[] x0 = a[aRow];
        float[] x1 = a[aRow + 1];
        float[] x2 = a[aRow + 2];
        float[] x3 = a[aRow + 3];
        float[] y0 = b[bRow];
        float[] y1 = b[bRow + 1];
        float[] y2 = b[bRow + 2];
        float[] y3 = b[bRow + 3];
        float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f, s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
        float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f, s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f;
        for (int n = 0; n < length; n++) {
            float v0 = y0[n];
            float v1 = y1[n];
            float v2 = y2[n];
            float v3 = y3[n];
            float u = x0[n];
            s00 += u * v0;
            s01 += u * v1;
            s02 += u * v2;
            s03 += u * v3;
            u = x1[n];
            s10 += u * v0;
            s11 += u * v1;
            s12 += u * v2;
            s13 += u * v3;
            u = x2[n];
            s20 += u * v0;
            s21 += u * v1;
            s22 += u * v2;
            s23 += u * v3;
            u = x3[n];
            s30 += u * v0;
            s31 += u * v1;
            s32 += u * v2;
            s33 += u * v3;
        }
        store4(out[outRow], c, s00, s01, s02, s03);
        store4(out[outRow + 1], c, s10, s11, s12, s13);
        store4(out[outRow + 2], c, s20, s21, s22, s23);
        store4(out[outRow + 3], c, s30, s31, s32, s33);
    }

    private static void store4(float[] o, int c, float s0, float s1, float s2, float s3) {
        o[c] = s0;
        o[c + 1] = s1;
        o[c + 2] = s2;
        o[c + 3] = s3;
    }
}
