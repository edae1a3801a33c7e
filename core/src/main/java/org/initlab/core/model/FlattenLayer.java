package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * PyTorch's {@code nn.Flatten()}: turns a {@code (C, H, W)} map into a flat vector of {@code C*H*W} features
 * in row-major order; the values do not move.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FlattenLayer() implements Layer {
    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return input.flattened();
    }
}
