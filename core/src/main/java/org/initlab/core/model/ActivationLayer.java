package org.initlab.core.model;

import java.util.Objects;

/**
 * An element-wise activation layer (PyTorch's {@code nn.ReLU()}, {@code nn.Tanh()}, ...); keeps the shape.
 *
 * @param activation the function
 */
public record ActivationLayer(Activation activation) implements Layer {
    /** Validates the activation. */
    public ActivationLayer {
        Objects.requireNonNull(activation, "activation");
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return input;
    }
}
