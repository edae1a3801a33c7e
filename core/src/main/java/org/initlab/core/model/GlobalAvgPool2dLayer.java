package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import org.apiguardian.api.API;

/**
 * Global average pooling, PyTorch's {@code nn.AdaptiveAvgPool2d(1)}: each channel of a {@code (C, H, W)} map
 * becomes the mean of its {@code H * W} values, giving a {@code (C, 1, 1)} map. Model specs follow it with a
 * {@link FlattenLayer} before the classifier, as {@code nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(C, n)}
 * in PyTorch, so parameter indices match.
 */
@API(status = EXPERIMENTAL)
public record GlobalAvgPool2dLayer() implements Layer {
    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (!input.spatial()) {
            throw new IllegalArgumentException("global average pooling needs a (C, H, W) map, got " + input);
        }
        return FeatureShape.map(input.channels(), 1, 1);
    }

    @Override
    public String toString() {
        return "AdaptiveAvgPool2d(output_size=1)";
    }
}
