package org.initlab.backends.nativebackend;

import java.util.Arrays;

/**
 * The patch matrix of a convolution over spatial boundaries ({@code [C][batch * H * W]} rows): row
 * {@code (c * k + u) * k + v} of {@code col} holds, for every sample {@code b} and output position
 * {@code (i, j)}, at column {@code b * OH * OW + i * OW + j}, the input value
 * {@code x[c][b * H * W + (i * s + u - p) * W + (j * s + v - p)]}, or zero where that falls in the padding.
 * Then a convolution is {@code Y = W col} and its input gradient is the scatter-add of {@code W^T dY} back
 * through the same map ({@link #accumulate}). Both work on a range of samples, so each worker handles its own.
 *
 * @param channels input channels
 * @param height   input height
 * @param width    input width
 * @param kernel   kernel side
 * @param stride   stride
 * @param padding  zero padding on each side
 * @param outHeight output height
 * @param outWidth  output width
 */
record Im2col(int channels, int height, int width, int kernel, int stride, int padding, int outHeight,
              int outWidth) {

    /**
     * Fills the columns of samples {@code [b0, b1)}.
     *
     * @param x   input rows {@code [C][batch * H * W]}
     * @param col patch rows {@code [C * k * k][batch * OH * OW]}
     * @param b0  first sample
     * @param b1  end of samples
     */
    void gather(float[][] x, float[][] col, int b0, int b1) {
        boolean vector = stride == 1 && Kernels.vectorActive() && VectorPatches.suits(outWidth);
        for (int c = 0; c < channels; c++) {
            float[] src = x[c];
            for (int u = 0; u < kernel; u++) {
                if (vector) {
                    VectorPatches.gather(this, src, col, (c * kernel + u) * kernel, u, b0, b1);
                    continue;
                }
                for (int v = 0; v < kernel; v++) {
                    gatherRow(src, col[(c * kernel + u) * kernel + v], u, v, b0, b1);
                }
            }
        }
    }

    /** One patch row ({@code (c, u, v)}) of samples {@code [b0, b1)}, in plain loops. */
    private void gatherRow(float[] src, float[] row, int u, int v, int b0, int b1) {
        int plane = height * width;
        int positions = outHeight * outWidth;
        int j0 = firstInside(v);
        int j1 = endInside(v);
        if (stride == 1 && j0 == 0 && j1 == outWidth) {
            copyWholeRows(src, row, u, v, b0, b1);
            return;
        }
        for (int b = b0; b < b1; b++) {
            int base = b * plane;
            for (int i = 0; i < outHeight; i++) {
                int y = i * stride + u - padding;
                int dst = b * positions + i * outWidth;
                if (y < 0 || y >= height || j0 >= j1) {
                    Arrays.fill(row, dst, dst + outWidth, 0f);
                    continue;
                }
                if (j0 > 0) {
                    Arrays.fill(row, dst, dst + j0, 0f);
                }
                if (j1 < outWidth) {
                    Arrays.fill(row, dst + j1, dst + outWidth, 0f);
                }
                int from = base + y * width + j0 * stride + v - padding;
                if (stride == 1) {
                    copyRange(src, from - j0, row, dst, j0, j1);
                } else {
                    for (int j = j0; j < j1; j++) {
                        row[dst + j] = src[from + (j - j0) * stride];
                    }
                }
            }
        }
    }

    /**
     * Sets the input gradient of samples {@code [b0, b1)} to the scatter-add of the patch gradients: each
     * input element receives its terms in the fixed order {@code (u, v, i, j)}.
     *
     * @param dcol patch gradient rows {@code [C * k * k][batch * OH * OW]}
     * @param dx   input gradient rows {@code [C][batch * H * W]}
     * @param b0   first sample
     * @param b1   end of samples
     */
    void accumulate(float[][] dcol, float[][] dx, int b0, int b1) {
        int plane = height * width;
        boolean vector = stride == 1 && Kernels.vectorActive() && VectorPatches.suits(outWidth);
        for (int c = 0; c < channels; c++) {
            float[] dst = dx[c];
            Arrays.fill(dst, b0 * plane, b1 * plane, 0f);
            for (int u = 0; u < kernel; u++) {
                for (int v = 0; v < kernel; v++) {
                    float[] row = dcol[(c * kernel + u) * kernel + v];
                    if (vector) {
                        VectorPatches.accumulate(this, row, dst, u, v, b0, b1);
                    } else {
                        accumulateRow(row, dst, u, v, b0, b1);
                    }
                }
            }
        }
    }

    /** One patch row's share of {@link #accumulate}, in plain loops. */
    private void accumulateRow(float[] row, float[] dst, int u, int v, int b0, int b1) {
        int plane = height * width;
        int positions = outHeight * outWidth;
        int j0 = firstInside(v);
        int j1 = endInside(v);
        if (stride == 1 && j0 == 0 && j1 == outWidth) {
            addWholeRows(row, dst, u, v, b0, b1);
            return;
        }
        for (int b = b0; b < b1; b++) {
            int base = b * plane;
            for (int i = 0; i < outHeight; i++) {
                int y = i * stride + u - padding;
                if (y < 0 || y >= height || j0 >= j1) {
                    continue;
                }
                int from = b * positions + i * outWidth;
                int to = base + y * width + v - padding;
                if (stride == 1) {
                    addRange(dst, to, row, from, j0, j1);
                } else {
                    for (int j = j0; j < j1; j++) {
                        dst[to + j * stride] += row[from + j];
                    }
                }
            }
        }
    }

    /**
     * {@link #gatherRow} at stride 1 where every output column reads inside the input: output rows whose input row
     * is in the padding are zeros, the others are copied whole, with no per-row tests (the same values).
     */
    private void copyWholeRows(float[] src, float[] row, int u, int v, int b0, int b1) {
        int plane = height * width;
        int positions = outHeight * outWidth;
        int i0 = Math.min(outHeight, Math.max(0, padding - u));
        int i1 = Math.max(i0, Math.min(outHeight, height + padding - u));
        for (int b = b0; b < b1; b++) {
            int first = b * positions;
            Arrays.fill(row, first, first + i0 * outWidth, 0f);
            Arrays.fill(row, first + i1 * outWidth, first + positions, 0f);
            int from = b * plane + (i0 + u - padding) * width + v - padding;
            for (int to = first + i0 * outWidth; to < first + i1 * outWidth; to += outWidth, from += width) {
                copyRange(src, from, row, to, 0, outWidth);
            }
        }
    }

    /**
     * {@link #accumulateRow} at stride 1 where every output column reads inside the input: the output rows whose
     * input row is inside, each added whole, with no per-row tests (the same adds, in the same order).
     */
    private void addWholeRows(float[] row, float[] dst, int u, int v, int b0, int b1) {
        int plane = height * width;
        int positions = outHeight * outWidth;
        int i0 = Math.min(outHeight, Math.max(0, padding - u));
        int i1 = Math.min(outHeight, height + padding - u);
        for (int b = b0; b < b1; b++) {
            int from = b * positions + i0 * outWidth; // no rows when i1 <= i0
            int to = b * plane + (i0 + u - padding) * width + v - padding;
            for (int i = i0; i < i1; i++, from += outWidth, to += width) {
                addRange(dst, to, row, from, 0, outWidth);
            }
        }
    }

    /**
     * {@code dst[to + j] = src[from + j]}: a plain loop, as the spans (output widths) are short for arraycopy;
     * spans of 8 (a 12-wide input under a 5-wide kernel) are written out, which HotSpot packs into one vector move.
     */
    private static void copyRange(float[] src, int from, float[] dst, int to, int j0, int j1) {
        if (j1 - j0 == 8) {
            int s = from + j0;
            int d = to + j0;
            dst[d] = src[s];
            dst[d + 1] = src[s + 1];
            dst[d + 2] = src[s + 2];
            dst[d + 3] = src[s + 3];
            dst[d + 4] = src[s + 4];
            dst[d + 5] = src[s + 5];
            dst[d + 6] = src[s + 6];
            dst[d + 7] = src[s + 7];
            return;
        }
        for (int j = j0; j < j1; j++) {
            dst[to + j] = src[from + j];
        }
    }

    /** {@code dst[to + j] += src[from + j]}, like {@link #copyRange}. */
    private static void addRange(float[] dst, int to, float[] src, int from, int j0, int j1) {
        if (j1 - j0 == 8) {
            int s = from + j0;
            int d = to + j0;
            dst[d] += src[s];
            dst[d + 1] += src[s + 1];
            dst[d + 2] += src[s + 2];
            dst[d + 3] += src[s + 3];
            dst[d + 4] += src[s + 4];
            dst[d + 5] += src[s + 5];
            dst[d + 6] += src[s + 6];
            dst[d + 7] += src[s + 7];
            return;
        }
        for (int j = j0; j < j1; j++) {
            dst[to + j] += src[from + j];
        }
    }

    /** @return the first output column whose input column {@code j * stride + v - padding} is {@code >= 0} */
    int firstInside(int v) {
        int need = padding - v;
        return need <= 0 ? 0 : Math.min(outWidth, (need + stride - 1) / stride);
    }

    /** @return the end of the output columns whose input column is {@code < width} */
    int endInside(int v) {
        // j * stride + v - padding <= width - 1  <=>  j <= (width - 1 + padding - v) / stride
        int last = width - 1 + padding - v;
        return last < 0 ? 0 : Math.min(outWidth, last / stride + 1);
    }
}
