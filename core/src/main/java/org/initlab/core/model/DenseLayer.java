package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * A fully connected layer {@code y = x W^T + b} with weight {@code [outputs, inputs]} (PyTorch's
 * {@code nn.Linear} layout) and bias {@code [outputs]}. Its input must be a flat vector (put a
 * {@link FlattenLayer} after convolutions, as PyTorch needs {@code nn.Flatten()}).
 *
 * @param inputs  input width, {@code > 0}
 * @param outputs output width, {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record DenseLayer(int inputs, int outputs) implements Layer {
    /** Validates the widths. */
    public DenseLayer {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("dense layer widths must be > 0, got " + inputs + " -> " + outputs);
        }
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (!input.flatVector()) {
            throw new IllegalArgumentException("dense layer " + inputs + " -> " + outputs + " needs a flat input, got "
                    + input + (input.spatial() ? " (flatten it first)" : " (pool the tokens first)"));
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
