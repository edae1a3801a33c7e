package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * A fully connected layer {@code y = (c x) W^T + b} with weight {@code [outputs, inputs]} (PyTorch's
 * {@code nn.Linear} layout), bias {@code [outputs]} and a constant input multiplier {@code c} (1 for a plain
 * {@code nn.Linear}). Its input must be a flat vector (put a {@link FlattenLayer} after convolutions, as PyTorch
 * needs {@code nn.Flatten()}).
 *
 * <p>The multiplier is how width parametrizations ({@code org.initlab.core.width}) scale the forward pass: the
 * NTK layer {@code y = W x / sqrt(fan_in) + b} of Jacot et al. (2018) and muP's readout
 * {@code y = W (x / m) + b} ({@code mup.MuReadout}, Yang et al. 2022) both multiply the input and leave the
 * bias alone. It is not a parameter: the optimizer never changes it.
 *
 * @param inputs          input width, {@code > 0}
 * @param outputs         output width, {@code > 0}
 * @param inputMultiplier the constant {@code c} the input is multiplied by, finite and {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record DenseLayer(int inputs, int outputs, double inputMultiplier) implements Layer {
    /** Validates the widths and the multiplier. */
    public DenseLayer {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("dense layer widths must be > 0, got " + inputs + " -> " + outputs);
        }
        if (!(inputMultiplier > 0) || Double.isInfinite(inputMultiplier)) {
            throw new IllegalArgumentException("the input multiplier of dense layer " + inputs + " -> " + outputs
                    + " must be finite and > 0, got " + inputMultiplier);
        }
    }

    /**
     * A plain fully connected layer, {@code y = x W^T + b} (input multiplier 1).
     *
     * @param inputs  input width, {@code > 0}
     * @param outputs output width, {@code > 0}
     */
    public DenseLayer(int inputs, int outputs) {
        this(inputs, outputs, 1);
    }

    /**
     * @param multiplier the new input multiplier
     * @return this layer with another input multiplier
     */
    public DenseLayer withInputMultiplier(double multiplier) {
        return new DenseLayer(inputs, outputs, multiplier);
    }

    /** @return whether the input is multiplied by something other than 1 */
    public boolean scalesInput() {
        return inputMultiplier != 1;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (input.spatial()) {
            throw new IllegalArgumentException("dense layer " + inputs + " -> " + outputs + " needs a flat input, got "
                    + input + " (flatten it first)");
        }
        if (input.size() != inputs) {
            throw new IllegalArgumentException("dense layer expects width " + inputs + ", got " + input.size());
        }
        return FeatureShape.flat(outputs);
    }

    /** @return the weight shape {@code [outputs, inputs]} */
    public TensorShape weightShape() {
        return TensorShape.of(outputs, inputs);
    }

    @Override
    public List<ParameterSpec> parameters(String index, Nonlinearity next) {
        TensorShape weight = weightShape();
        return List.of(ParameterSpec.weight(index + ".weight", weight, LayerKind.DENSE, next),
                ParameterSpec.bias(index + ".bias", outputs, weight, LayerKind.DENSE, next));
    }

    @Override
    public long multiplyAdds(FeatureShape input) {
        return (long) inputs * outputs;
    }
}
