package org.initlab.backends.nativebackend;

import java.util.Arrays;

/**
 * Where {@link NativeWinogradConv} keeps its tiles, and the scalar copies in and out of that layout. A group of
 * {@code G} samples is transformed together, tile row by tile row: the vector lanes of a tile row run over the
 * group's samples side by side, {@code half = tiles per row + 1} lanes each (the last one a spare tile that reads
 * the padding and whose products are dropped), so that a 7-wide or 14-wide map fills whole vectors instead of
 * leaving most lanes idle. Tile {@code (g, j)} of tile row {@code i} is column
 * {@code group base + i * lanes + g * half + j}, with {@code lanes = G * half}.
 *
 * <p>Because a tile starts at every other input column, a padded input row is kept split: the group's even
 * columns ({@code half} per sample), then its odd ones, so that the four input columns of a tile are plain
 * vector loads. A plane of the group is {@code 2 * tile rows + 2} such rows; the input sits at row and column
 * offset {@code padding}, and the rest of the plane stays zero. Output and output-gradient rows use the same split
 * form, and the spare tiles' gradients are zero, so that they add nothing to the weight gradient.
 *
 * @param height      input height
 * @param width       input width
 * @param padding     zero padding on each side
 * @param outHeight   output height
 * @param outWidth    output width
 * @param tileRows    rows of 2x2 output tiles
 * @param tilesPerRow tiles per row
 * @param samples     samples per group ({@code G})
 * @param vector      vector lanes
 */
record WinogradTiling(int height, int width, int padding, int outHeight, int outWidth, int tileRows, int tilesPerRow,
                      int samples, int vector) {

    /** @return lanes per sample: the tiles of a row and a spare one */
    int half() {
        return tilesPerRow + 1;
    }

    /** @return lanes of a group's tile row */
    int lanes() {
        return samples * half();
    }

    /** @return a tile row's lanes rounded up to whole vectors */
    int span() {
        return (lanes() + vector - 1) / vector * vector;
    }

    /** @return columns of a group's tiles, with a vector to spare for the last tile row's whole vectors */
    int groupColumns() {
        return (tileRows * lanes() + vector - 1) / vector * vector + vector;
    }

    /** @return a split padded row: even columns of every sample, then odd ones */
    int planeWidth() {
        return 2 * lanes();
    }

    /** @return floats of a padded plane, with room for the last vectors' overreach */
    int planeLength() {
        return (2 * tileRows + 2) * planeWidth() + 2 * span() + 4;
    }

    /**
     * Copies sample {@code g}'s input channel into its place in the group's split plane.
     *
     * @param src   the channel's row {@code [batch * H * W]}
     * @param from  the sample's first element
     * @param plane the group's plane
     * @param g     the sample's place in the group
     */
    void load(float[] src, int from, float[] plane, int g) {
        for (int y = 0; y < height; y++) {
            int at = from + y * width;
            int even = evenStart(y, g);
            for (int x = 0; x < width; x += 2) {
                plane[even++] = src[at + x];
            }
            int odd = oddStart(y, g);
            for (int x = 1; x < width; x += 2) {
                plane[odd++] = src[at + x];
            }
        }
    }

    /**
     * Copies sample {@code g}'s part of the group's split plane out to an input-gradient channel.
     *
     * @param plane the group's plane
     * @param g     the sample's place in the group
     * @param dst   the channel's row {@code [batch * H * W]}
     * @param to    the sample's first element
     */
    void store(float[] plane, int g, float[] dst, int to) {
        for (int y = 0; y < height; y++) {
            int at = to + y * width;
            int even = evenStart(y, g);
            for (int x = 0; x < width; x += 2) {
                dst[at + x] = plane[even++];
            }
            int odd = oddStart(y, g);
            for (int x = 1; x < width; x += 2) {
                dst[at + x] = plane[odd++];
            }
        }
    }

    /** Where input row {@code y}'s column 0 (padded column {@code padding}) goes, if even, else column 1. */
    private int evenStart(int y, int g) {
        int row = (y + padding) * planeWidth();
        return row + (padding & 1) * lanes() + g * half() + (padding >> 1);
    }

    private int oddStart(int y, int g) {
        int row = (y + padding) * planeWidth();
        return row + (1 - (padding & 1)) * lanes() + g * half() + ((padding + 1) >> 1);
    }

    /**
     * Writes sample {@code g}'s output row from the split rows of its tile row.
     *
     * @param pair  split rows: even columns at {@code from}, odd ones at {@code from + span()}
     * @param from  where the row starts in {@code pair}
     * @param g     the sample's place in the group
     * @param dst   the output channel's row
     * @param to    the output row's first element
     */
    void interleave(float[] pair, int from, int g, float[] dst, int to) {
        int even = from + g * half();
        for (int x = 0; x < outWidth; x += 2) {
            dst[to + x] = pair[even++];
        }
        int odd = from + span() + g * half();
        for (int x = 1; x < outWidth; x += 2) {
            dst[to + x] = pair[odd++];
        }
    }

    /**
     * Writes the split form of sample {@code g}'s output-gradient row (or zeros when {@code at < 0}), zero in its
     * spare lane and past the output's width.
     *
     * @param src  the output-gradient channel's row
     * @param at   the row's first element, or {@code -1} for a row past the output
     * @param pair split rows
     * @param to   where the row starts in {@code pair}
     * @param g    the sample's place in the group
     */
    void split(float[] src, int at, float[] pair, int to, int g) {
        int even = to + g * half();
        int odd = even + span();
        if (at < 0) {
            Arrays.fill(pair, even, even + tilesPerRow + 1, 0f);
            Arrays.fill(pair, odd, odd + tilesPerRow + 1, 0f);
            return;
        }
        for (int x = 0; x < outWidth; x += 2) {
            pair[even++] = src[at + x];
        }
        for (int x = 1; x < outWidth; x += 2) {
            pair[odd++] = src[at + x];
        }
        // the spare tile, and an odd width's last odd column
        pair[even] = 0f;
        if (outWidth % 2 == 1) {
            pair[odd++] = 0f;
        }
        pair[odd] = 0f;
    }
}
