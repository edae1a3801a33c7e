package org.initlab.backends.nativebackend;

/**
 * Where the nine taps of a 3x3 convolution with padding 1 read in {@link NativeDirectConv}'s padded rows
 * ({@link FlatPlanes}, laid out at the output's size), for stride 1 and for stride 2.
 *
 * <p>Stride 1: tap {@code (dy, dx)} of output pixel {@code q} reads the input at {@code q + shift(dy, dx)}, one
 * padded row per input channel; the input gradient gathers the output gradient at {@code q - shift(dy, dx)}.
 *
 * <p>Stride 2 (even input height and width): the input is split into four phases, its even and odd rows by its
 * even and odd columns, each a padded row of the output's size. Output pixel {@code (y, x)} reads input pixel
 * {@code (2y + dy - 1, 2x + dx - 1)}: for {@code dy = 1} row {@code y} of the even-row phase, for {@code dy = 2} row
 * {@code y} of the odd-row phase, for {@code dy = 0} row {@code y - 1} of the odd-row phase (the padding row above
 * the sample when {@code y = 0}, which is the input's padding); columns likewise. So every tap is still one padded
 * row read at a fixed shift, and the forward pass and the weight gradient are the products and dot products of
 * stride 1 over those rows. The input gradient is one product per phase: the phase's pixel {@code (a, b)} receives
 * the taps that read it, from output pixels {@code (a, b)}, {@code (a + 1, b)}, {@code (a, b + 1)} and
 * {@code (a + 1, b + 1)}: one tap for the even-even phase, two for the mixed ones, four for the odd-odd one, nine in
 * all.
 */
final class DirectConvTaps {
    /** Padded rows per input channel: 1, or the four phases of stride 2. */
    final int phases;
    /** Per tap {@code 3 * dy + dx}: which of the channel's padded rows it reads. */
    final int[] plane = new int[9];
    /** Per tap: the shift at which it reads that row, from the output pixel's index. */
    final int[] shift = new int[9];
    /** Per phase of the input gradient: its taps, ascending. */
    final int[][] gradientTaps;
    /** Per phase of the input gradient and tap of {@link #gradientTaps}: the shift at which it reads the output gradient. */
    final int[][] gradientShifts;

    /**
     * @param stride 1 or 2
     * @param planes the layout, at the output's size
     */
    DirectConvTaps(int stride, FlatPlanes planes) {
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride " + stride);
        }
        phases = stride * stride;
        gradientTaps = new int[phases][];
        gradientShifts = new int[phases][];
        if (stride == 1) {
            gradientTaps[0] = new int[9];
            gradientShifts[0] = new int[9];
            for (int tap = 0; tap < 9; tap++) {
                shift[tap] = planes.shift(tap / 3, tap % 3);
                gradientTaps[0][tap] = tap;
                gradientShifts[0][tap] = -shift[tap];
            }
            return;
        }
        int[] count = new int[4];
        for (int tap = 0; tap < 9; tap++) {
            int dy = tap / 3;
            int dx = tap % 3;
            plane[tap] = parity(dy) * 2 + parity(dx);
            shift[tap] = (dy == 0 ? -planes.rowStride() : 0) + (dx == 0 ? -1 : 0);
            count[plane[tap]]++;
        }
        for (int p = 0; p < 4; p++) {
            gradientTaps[p] = new int[count[p]];
            gradientShifts[p] = new int[count[p]];
            count[p] = 0;
        }
        for (int tap = 0; tap < 9; tap++) {
            int p = plane[tap];
            gradientTaps[p][count[p]] = tap;
            gradientShifts[p][count[p]++] = -shift[tap];
        }
    }

    /** @return the phase, 0 for even and 1 for odd input rows (or columns), that offset {@code d} of a tap reads */
    private static int parity(int d) {
        return d == 1 ? 0 : 1;
    }
}
