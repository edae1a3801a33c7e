package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * PyTorch's {@code nn.AvgPool2d(kernel, stride)} without padding: each output is the mean of its
 * {@code kernel x kernel} window; output side {@code floor((n - kernel) / stride) + 1}.
 *
 * @param kernel window side, {@code > 0}
 * @param stride step, {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record AvgPool2dLayer(int kernel, int stride) implements Layer {
    /** Validates the window. */
    public AvgPool2dLayer {
        PoolShapes.check("average pooling", kernel, stride);
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return PoolShapes.output(this.toString(), input, kernel, stride);
    }

    @Override
    public String toString() {
        return "AvgPool2d(kernel_size=" + kernel + ", stride=" + stride + ")";
    }
}
