package org.initlab.core.model;

/** Shape rules shared by the pooling layers. */
final class PoolShapes {
    private PoolShapes() {
    }

    static void check(String what, int kernel, int stride) {
        if (kernel <= 0 || stride <= 0) {
            throw new IllegalArgumentException(what + " needs kernel and stride > 0, got kernel " + kernel
                    + ", stride " + stride);
        }
    }

    static FeatureShape output(String layer, FeatureShape input, int kernel, int stride) {
        if (!input.spatial()) {
            throw new IllegalArgumentException(layer + " needs a CxHxW input, got a flat " + input);
        }
        if (input.height() < kernel || input.width() < kernel) {
            throw new IllegalArgumentException(layer + " does not fit its " + input + " input");
        }
        return FeatureShape.map(input.channels(), (input.height() - kernel) / stride + 1,
                (input.width() - kernel) / stride + 1);
    }
}
