package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * PyTorch's {@code nn.MaxPool2d(kernel, stride)} without padding: each output is the largest input of its
 * {@code kernel x kernel} window; output side {@code floor((n - kernel) / stride) + 1}. The gradient flows to
 * the first largest input of each window (row-major order), as PyTorch's CPU kernel does.
 *
 * @param kernel window side, {@code > 0}
 * @param stride step, {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record MaxPool2dLayer(int kernel, int stride) implements Layer {
    /** Validates the window. */
    public MaxPool2dLayer {
        PoolShapes.check("max pooling", kernel, stride);
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return PoolShapes.output(this.toString(), input, kernel, stride);
    }

    @Override
    public String toString() {
        return "MaxPool2d(kernel_size=" + kernel + ", stride=" + stride + ")";
    }
}
