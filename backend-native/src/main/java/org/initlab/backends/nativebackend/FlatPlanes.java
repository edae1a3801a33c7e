package org.initlab.backends.nativebackend;

/**
 * The zero-padded layout in which {@link NativeDirectConv} keeps a channel of the whole batch as one row, so that a
 * 3x3 convolution with padding 1 becomes nine shifted reads of that row. Each image row is preceded by one zero
 * column ({@code rowStride = W + 1}: a column serves as the right padding of one row and the left padding of the
 * next), each sample by one zero row (the row serves as the bottom padding of one sample and the top padding of the
 * next) and followed by zeros up to a whole number of vectors ({@code sampleStride}, so that every sample starts on
 * a vector boundary and a run of samples is whole vectors), and the batch by {@link #base} zeros and followed by
 * {@link #tail} more. Sample {@code b}'s {@code (y, x)} is then at
 * {@code base + b * sampleStride + (y + 1) * rowStride + x + 1}, and its neighbour {@code (y + dy - 1, x + dx - 1)}
 * at that index plus {@link #shift}{@code (dy, dx)}, zero wherever it falls in the padding. Padding cells are never
 * written, so they stay zero.
 *
 * @param height    image height
 * @param width     image width
 * @param rowStride    {@code width + 1}
 * @param sampleStride floats from one sample's top padding row to the next sample's: {@code (height + 1) *
 *                     rowStride} rounded up to whole vectors
 * @param base         zeros before the first sample: at least {@code rowStride + 1}, a whole number of vectors
 */
record FlatPlanes(int height, int width, int rowStride, int sampleStride, int base) {

    /**
     * @param height image height
     * @param width  image width
     * @param vector vector lanes the layout's users read at once
     * @return the layout of such images
     */
    static FlatPlanes of(int height, int width, int vector) {
        int rowStride = width + 1;
        int sampleStride = ((height + 1) * rowStride + vector - 1) / vector * vector;
        return new FlatPlanes(height, width, rowStride, sampleStride, (rowStride + vector) / vector * vector);
    }

    /** @return zeros after the last sample's last row: its bottom padding row and room for whole-vector reads */
    int tail() {
        return rowStride + 1 + 8 * 16;
    }

    /** @return a row's length for {@code samples} samples */
    int length(int samples) {
        return base + samples * sampleStride() + tail();
    }

    /** @return the index of the padding column before sample {@code b}'s pixel {@code (y, 0)} */
    int rowStart(int b, int y) {
        return base + b * sampleStride() + (y + 1) * rowStride;
    }

    /** @return the offset of the neighbour {@code (y + dy - 1, x + dx - 1)} of a pixel, {@code dy, dx in 0..2} */
    int shift(int dy, int dx) {
        return (dy - 1) * rowStride + dx - 1;
    }

    /**
     * Copies samples {@code [b0, b1)} of a channel into the layout.
     *
     * @param src  the channel's row {@code [batch * H * W]}
     * @param dst  the channel's padded row
     * @param b0   first sample
     * @param b1   end of samples
     */
    void copyIn(float[] src, float[] dst, int b0, int b1) {
        int plane = height * width;
        for (int b = b0; b < b1; b++) {
            for (int y = 0; y < height; y++) {
                copy(src, b * plane + y * width, dst, rowStart(b, y) + 1, width);
            }
        }
    }

    /**
     * Copies samples {@code [b0, b1)} of a channel out of a padded row that starts at sample {@code b0}'s first
     * image row: index {@code t} of {@code src} is index {@code rowStart(b0, 0) + t} of the layout.
     *
     * @param src  the padded values, from {@code rowStart(b0, 0)}
     * @param dst  the channel's row {@code [batch * H * W]}
     * @param b0   first sample
     * @param b1   end of samples
     */
    void copyOut(float[] src, float[] dst, int b0, int b1) {
        int plane = height * width;
        for (int b = b0; b < b1; b++) {
            int from = (b - b0) * sampleStride() + 1;
            for (int y = 0; y < height; y++) {
                copy(src, from + y * rowStride, dst, b * plane + y * width, width);
            }
        }
    }

    /**
     * Copies samples {@code [b0, b1)} of a channel twice this layout's height and width into four layouts, one per
     * phase: the source's pixel {@code (2y + rowParity, 2x + colParity)} becomes phase
     * {@code 2 * rowParity + colParity}'s {@code (y, x)} (the deinterleaving of a stride-2 convolution's input,
     * {@link NativeDirectConv}). One pass over the source, each of its rows read once.
     *
     * @param src    the channel's row {@code [batch * 2H * 2W]}
     * @param phases the phases' padded rows, {@code phases[first + 2 * rowParity + colParity]}
     * @param first  index of the channel's first phase in {@code phases}
     * @param b0     first sample
     * @param b1     end of samples
     */
    void copyInPhases(float[] src, float[][] phases, int first, int b0, int b1) {
        int sourceWidth = 2 * width;
        int plane = 4 * height * width;
        for (int b = b0; b < b1; b++) {
            for (int y = 0; y < height; y++) {
                int to = rowStart(b, y) + 1;
                for (int rowParity = 0; rowParity < 2; rowParity++) {
                    int from = b * plane + (2 * y + rowParity) * sourceWidth;
                    float[] even = phases[first + 2 * rowParity];
                    float[] odd = phases[first + 2 * rowParity + 1];
                    for (int x = 0; x < width; x++) {
                        even[to + x] = src[from + 2 * x];
                        odd[to + x] = src[from + 2 * x + 1];
                    }
                }
            }
        }
    }

    /**
     * The inverse of {@link #copyInPhases} for one phase, from a padded row that starts at sample {@code b0}'s first image row, as
     * {@link #copyOut} reads it: index {@code t} of {@code src} is index {@code rowStart(b0, 0) + t} of the layout.
     */
    void copyOutPhase(float[] src, float[] dst, int b0, int b1, int rowParity, int colParity) {
        int sourceWidth = 2 * width;
        int plane = 4 * height * width;
        for (int b = b0; b < b1; b++) {
            for (int y = 0; y < height; y++) {
                int from = (b - b0) * sampleStride() + y * rowStride + 1;
                int to = b * plane + (2 * y + rowParity) * sourceWidth + colParity;
                for (int x = 0; x < width; x++) {
                    dst[to + 2 * x] = src[from + x];
                }
            }
        }
    }

    /** {@code arraycopy} for rows of 8 and more (faster than a plain loop: measured on 28-wide rows), else a loop. */
    private static void copy(float[] src, int from, float[] dst, int to, int n) {
        if (n >= 8) {
            System.arraycopy(src, from, dst, to, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[to + i] = src[from + i];
        }
    }
}
