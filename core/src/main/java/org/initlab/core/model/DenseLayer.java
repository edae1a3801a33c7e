package org.initlab.core.model;

/**
 * A fully connected layer {@code y = x W^T + b} with weight {@code [outputs, inputs]} (PyTorch's
 * {@code nn.Linear} layout) and bias {@code [outputs]}.
 *
 * @param inputs  input width, {@code > 0}
 * @param outputs output width, {@code > 0}
 */
public record DenseLayer(int inputs, int outputs) implements Layer {
    /** Validates the widths. */
    public DenseLayer {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("dense layer widths must be > 0, got " + inputs + " -> " + outputs);
        }
    }

    @Override
    public int outputWidth(int inputWidth) {
        if (inputWidth != inputs) {
            throw new IllegalArgumentException("dense layer expects width " + inputs + ", got " + inputWidth);
        }
        return outputs;
    }
}
