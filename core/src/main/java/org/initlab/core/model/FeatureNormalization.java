package org.initlab.core.model;

import org.initlab.spi.TensorShape;

/** Shared checks and shapes of the per-sample normalization layers ({@link LayerNormLayer}, {@link RmsNormLayer}). */
final class FeatureNormalization {
    private FeatureNormalization() {
    }

    static void check(String what, FeatureShape normalizedShape, double eps) {
        if (normalizedShape == null) {
            throw new IllegalArgumentException(what + " needs a normalized shape");
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException(what + " eps must be > 0, got " + eps);
        }
    }

    static FeatureShape output(Layer layer, FeatureShape normalizedShape, FeatureShape input) {
        if (!input.equals(normalizedShape)) {
            throw new IllegalArgumentException(layer + " expects an input of shape " + normalizedShape + ", got "
                    + input);
        }
        return input;
    }

    /** @return PyTorch's {@code normalized_shape}: {@code [features]} or {@code [C, H, W]} */
    static TensorShape parameterShape(FeatureShape shape) {
        return shape.spatial() ? TensorShape.of(shape.channels(), shape.height(), shape.width())
                : TensorShape.of(shape.size());
    }

    static String shapeText(FeatureShape shape) {
        return shape.spatial() ? "[" + shape.channels() + ", " + shape.height() + ", " + shape.width() + "]"
                : "[" + shape.size() + "]";
    }
}
