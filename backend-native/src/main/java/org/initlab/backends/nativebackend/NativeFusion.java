package org.initlab.backends.nativebackend;

/**
 * Which layers run inside their neighbours' passes, decided once when a session or a residual block is built: a
 * ReLU and the pooling layer after it share one phase, plane by plane ({@link NativePool2d#forwardAfter}); a batch
 * normalization runs the ReLU after it in its own passes ({@link NativeBatchNorm#runRelu}); a residual sum runs the
 * block's post-activation ReLU. Fused or not, every value is the same bits (the tests compare the two); fusion
 * saves passes over the maps and the phases between them. On by default; tests switch it.
 */
final class NativeFusion {
    private static volatile boolean enabled = true;

    private NativeFusion() {
    }

    /** @return whether sessions and residual blocks built now fuse layers */
    static boolean enabled() {
        return enabled;
    }

    /**
     * Switches fusion for sessions opened afterwards.
     *
     * @param next whether to fuse
     * @return the previous setting
     */
    static boolean use(boolean next) {
        boolean previous = enabled;
        enabled = next;
        return previous;
    }

    /**
     * Fuses a chain of layers, each reading the one before's output: every ReLU before a pooling layer that takes
     * it (when the caller runs such pairs), and every batch normalization with the ReLU after it where that ReLU is
     * not taken already.
     *
     * @param chain   the layers
     * @param pooling whether the caller runs a ReLU and the pooling layer after it as one phase (a session does,
     *                a residual block's branch does not)
     * @return per layer, whether it is an activation that the pooling layer after it runs ({@code false} throughout
     *         when fusion is off or the caller does not pool)
     */
    static boolean[] fuse(NativeLayer[] chain, boolean pooling) {
        boolean[] pooled = new boolean[chain.length];
        if (!enabled) {
            return pooled;
        }
        for (int j = 0; pooling && j + 1 < chain.length; j++) {
            pooled[j] = chain[j] instanceof NativeActivation a && chain[j + 1] instanceof NativePool2d p
                    && p.follows(a);
        }
        for (int j = 0; j + 1 < chain.length; j++) {
            if (chain[j] instanceof NativeBatchNorm norm && chain[j + 1] instanceof NativeActivation relu
                    && !pooled[j + 1]) {
                norm.runRelu(relu);
            }
        }
        return pooled;
    }
}
