package org.initlab.backends.nativebackend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of 2x2, stride-2 max pooling ({@link NativePool2d}) with the Vector API, for output rows of at
 * least half a vector ({@link #suits}): a vector of two input rows' maxima, then the maxima of its neighbouring
 * lanes, gathered into the lower half. The maximum of a window is the same value whatever the order of the
 * {@link Math#max} calls (the larger value, {@code +0} over {@code -0}, NaN when any is NaN; only a NaN's payload
 * may differ). Each vector stores a whole vector, whose upper half runs into the next output row, written
 * afterwards, so the caller takes a plane's last row in plain code. Only {@link NativePool2d} calls this class,
 * and only when {@link Kernels#vectorActive()}; it uses the preferred species only, as {@link VectorPatches}.
 */
final class VectorPooling {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int HALF = V / 2;
    /** Lane {@code n} takes lane {@code n ^ 1}: the other element of its pair. */
    private static final VectorShuffle<Float> SWAP;
    /** Lane {@code n} takes lane {@code 2n} (modulo the length): the pairs' first lanes, in the lower half. */
    private static final VectorShuffle<Float> EVEN;

    static {
        int[] swap = new int[V];
        int[] even = new int[V];
        for (int n = 0; n < V; n++) {
            swap[n] = n ^ 1;
            even[n] = 2 * n % V;
        }
        SWAP = VectorShuffle.fromArray(S, swap, 0);
        EVEN = VectorShuffle.fromArray(S, even, 0);
    }

    private VectorPooling() {
    }

    /**
     * @param outWidth the output width
     * @return whether a row holds half a vector of outputs
     */
    static boolean suits(int outWidth) {
        return 2 * outWidth >= V;
    }

    /**
     * Output rows {@code [0, rows)} of one plane; the row after them is overwritten (the caller writes it next).
     *
     * @param x        input row of the channel
     * @param y        output row of the channel
     * @param xBase    the plane's first input
     * @param yBase    the plane's first output
     * @param width    input width ({@code >= 2 outWidth})
     * @param rows     the output rows to write, fewer than the plane's
     * @param outWidth output width, {@link #suits}
     */
    static void maxPairRows(float[] x, float[] y, int xBase, int yBase, int width, int rows, int outWidth) {
        for (int i = 0; i < rows; i++) {
            int top = xBase + 2 * i * width;
            int below = top + width;
            int to = yBase + i * outWidth;
            for (int j = 0; ; j += HALF) {
                int at = Math.min(j, outWidth - HALF); // the last block overlaps the one before: same values
                FloatVector m = FloatVector.fromArray(S, x, top + 2 * at)
                        .max(FloatVector.fromArray(S, x, below + 2 * at));
                m.max(m.rearrange(SWAP)).rearrange(EVEN).intoArray(y, to + at);
                if (at + HALF >= outWidth) {
                    break;
                }
            }
        }
    }
}
