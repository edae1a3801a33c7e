package org.initlab.core.model;

/**
 * PyTorch's {@code nn.Flatten()}: turns a {@code (C, H, W)} map into a flat vector of {@code C*H*W} features
 * in row-major order; the values do not move.
 */
public record FlattenLayer() implements Layer {
    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return input.flattened();
    }
}
