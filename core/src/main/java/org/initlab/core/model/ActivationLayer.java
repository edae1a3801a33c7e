package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An element-wise activation layer (PyTorch's {@code nn.ReLU()}, {@code nn.Tanh()}, ...); keeps the shape.
 *
 * @param activation the function
 */
@API(status = EXPERIMENTAL, since = "0.1")
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
