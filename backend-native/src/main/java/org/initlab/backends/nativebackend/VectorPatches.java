package org.initlab.backends.nativebackend;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The stride-1 patch copies of {@link Im2col} with the Vector API, for output rows at least one vector long
 * ({@link #suits}). A patch row is made of short spans (one per output row, as long as the output width), too
 * short for auto-vectorized loops, which spend their time in set-up and scalar tails.
 *
 * <p>Gathers handle the {@code k} patch rows {@code (u, 0 .. k-1)} of a channel together (for each output row,
 * the {@code k} shifted spans of one input row) and copy whole vectors, starting where the span would start
 * without padding and running past its end: the zero padding of a span is written after its copy, and what the
 * copy writes past the span belongs to later spans of the same call, written afterwards. Adds go patch row by
 * patch row, in the plain loops' order; the last partial vector of a span is masked, so the lanes past it keep
 * their values. Nothing is read outside an array and nothing is written at or past the end of the call's
 * samples (another worker's): those spans take plain loops. The values are the plain loops', bit for bit. Only
 * {@link Im2col} calls this class, and only when {@link Kernels#vectorActive()}. It uses the preferred species
 * only: a second vector shape would make HotSpot's shared Vector API call sites polymorphic, and the kernels
 * would box their vectors.
 */
final class VectorPatches {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** {@code TAILS[n]}: the first {@code n} lanes (also used by {@link VectorWinograd}). */
    static final VectorMask<?>[] TAILS = new VectorMask<?>[V + 1];

    static {
        for (int n = 0; n <= V; n++) {
            TAILS[n] = S.indexInRange(0, n);
        }
    }

    private VectorPatches() {
    }

    /**
     * @param outWidth a convolution's output width
     * @return whether its spans are worth vectors: at least one whole vector long (shorter ones take more
     *         bookkeeping than copying, and a vector reaching into the next span makes its load wait for the store)
     */
    static boolean suits(int outWidth) {
        return outWidth >= V;
    }

    /**
     * Patch rows {@code (u, 0 .. k-1)} of one input channel for samples {@code [b0, b1)}, stride 1.
     *
     * @param g       the patch geometry
     * @param src     the channel's input row {@code [batch * H * W]}
     * @param col     the patch rows {@code [C k k][batch * OH * OW]}
     * @param rowBase the patch row of {@code v = 0}
     * @param u       kernel row
     * @param b0      first sample
     * @param b1      end of samples
     */
    static void gather(Im2col g, float[] src, float[][] col, int rowBase, int u, int b0, int b1) {
        int kernel = g.kernel();
        int width = g.width();
        int outWidth = g.outWidth();
        int plane = g.height() * width;
        int positions = g.outHeight() * outWidth;
        int limit = b1 * positions;
        int span = (outWidth + V - 1) / V * V;
        for (int b = b0; b < b1; b++) {
            for (int i = 0; i < g.outHeight(); i++) {
                int y = i + u - g.padding();
                int dst = b * positions + i * outWidth;
                if (y < 0 || y >= g.height()) {
                    for (int v = 0; v < kernel; v++) {
                        Arrays.fill(col[rowBase + v], dst, dst + outWidth, 0f);
                    }
                    continue;
                }
                int rowStart = b * plane + y * width - g.padding();
                boolean whole = dst + span <= limit && rowStart >= 0 && rowStart + kernel - 1 + span <= src.length;
                for (int v = 0; v < kernel; v++) {
                    float[] row = col[rowBase + v];
                    int from = rowStart + v;
                    int j0 = firstInside(g, v);
                    int j1 = endInside(g, v);
                    if (whole) {
                        for (int m = 0; m < span; m += V) {
                            FloatVector.fromArray(S, src, from + m).intoArray(row, dst + m);
                        }
                    } else {
                        for (int j = j0; j < j1; j++) {
                            row[dst + j] = src[from + j];
                        }
                    }
                    for (int j = 0; j < j0; j++) {
                        row[dst + j] = 0f;
                    }
                    for (int j = Math.max(j0, j1); j < outWidth; j++) {
                        row[dst + j] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Adds patch gradient row {@code (u, v)} of samples {@code [b0, b1)} into one channel's input gradient,
     * stride 1, in the plain loop's order.
     *
     * @param g   the patch geometry
     * @param row the patch gradient row {@code [batch * OH * OW]}
     * @param dst the channel's input gradient row {@code [batch * H * W]}
     * @param u   kernel row
     * @param v   kernel column
     * @param b0  first sample
     * @param b1  end of samples
     */
    static void accumulate(Im2col g, float[] row, float[] dst, int u, int v, int b0, int b1) {
        int j0 = firstInside(g, v);
        int length = endInside(g, v) - j0;
        if (length <= 0) {
            return;
        }
        int width = g.width();
        int outWidth = g.outWidth();
        int plane = g.height() * width;
        int positions = g.outHeight() * outWidth;
        int limit = b1 * plane;
        for (int b = b0; b < b1; b++) {
            for (int i = 0; i < g.outHeight(); i++) {
                int y = i + u - g.padding();
                if (y >= 0 && y < g.height()) {
                    addSpan(dst, b * plane + y * width + v - g.padding() + j0, row, b * positions + i * outWidth + j0,
                            length, limit);
                }
            }
        }
    }

    /**
     * {@code dst[to + m] += src[from + m]} for {@code m < length}: whole vectors, then a masked one for the rest,
     * whose lanes past the span keep their values (loaded and stored back unchanged; the caller guarantees
     * they are this worker's); plain adds near the end of the samples.
     */
    private static void addSpan(float[] dst, int to, float[] src, int from, int length, int limit) {
        int m = 0;
        if (length >= V) {
            for (; m + V <= length; m += V) {
                FloatVector.fromArray(S, dst, to + m).add(FloatVector.fromArray(S, src, from + m))
                        .intoArray(dst, to + m);
            }
            if (m < length && to + m + V <= limit && from + m + V <= src.length) {
                @SuppressWarnings("unchecked")
                VectorMask<Float> tail = (VectorMask<Float>) TAILS[length - m];
                FloatVector.fromArray(S, dst, to + m).add(FloatVector.fromArray(S, src, from + m), tail)
                        .intoArray(dst, to + m);
                return;
            }
        }
        for (; m < length; m++) {
            dst[to + m] += src[from + m];
        }
    }

    /** {@link Im2col#firstInside} for stride 1, without its division. */
    private static int firstInside(Im2col g, int v) {
        return Math.max(0, Math.min(g.outWidth(), g.padding() - v));
    }

    /** {@link Im2col#endInside} for stride 1, without its division. */
    private static int endInside(Im2col g, int v) {
        return Math.max(0, Math.min(g.outWidth(), g.width() + g.padding() - v));
    }
}
