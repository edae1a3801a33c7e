package org.initlab.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * A sequential classifier: input width, layers in order, and a softmax cross-entropy loss over the last
 * layer's outputs (the logits).
 *
 * <p>Parameters are named as PyTorch names the {@code state_dict} of an equivalent {@code nn.Sequential}:
 * {@code <layer index>.weight} and {@code <layer index>.bias}, where activation layers take indices too. So
 * {@code mlp:784-512-10:relu} has {@code 0.weight [512, 784]}, {@code 0.bias [512]}, {@code 2.weight
 * [10, 512]}, {@code 2.bias [10]}, exactly as {@code nn.Sequential(nn.Linear(784, 512), nn.ReLU(),
 * nn.Linear(512, 10))}.
 *
 * @param inputWidth the number of input features
 * @param layers     the layers in order
 * @param spec       the model spec this network was built from, or a description
 */
public record Network(int inputWidth, List<Layer> layers, String spec) {

    /** Validates that the layers chain and the network ends in at least two classes. */
    public Network {
        Objects.requireNonNull(spec, "spec");
        layers = List.copyOf(layers);
        if (inputWidth <= 0) {
            throw new IllegalArgumentException("input width must be > 0, got " + inputWidth);
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        int width = inputWidth;
        for (Layer layer : layers) {
            width = layer.outputWidth(width);
        }
        if (width < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 outputs, got " + width);
        }
    }

    /** @return the number of classes (the width of the last layer) */
    public int outputWidth() {
        int width = inputWidth;
        for (Layer layer : layers) {
            width = layer.outputWidth(width);
        }
        return width;
    }

    /**
     * The nonlinearity that follows layer {@code index}: the next layer's activation, else linear.
     *
     * @param index a layer index
     * @return the following nonlinearity
     */
    public Nonlinearity nonlinearityAfter(int index) {
        if (index + 1 < layers.size() && layers.get(index + 1) instanceof ActivationLayer a) {
            return a.activation().nonlinearity();
        }
        return Nonlinearity.LINEAR;
    }

    /** @return every learnable parameter in order, weights before biases within a layer */
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> params = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof DenseLayer d) {
                TensorShape weight = TensorShape.of(d.outputs(), d.inputs());
                Nonlinearity next = nonlinearityAfter(i);
                params.add(ParameterSpec.weight(i + ".weight", weight, LayerKind.DENSE, next));
                params.add(ParameterSpec.bias(i + ".bias", d.outputs(), weight, LayerKind.DENSE, next));
            }
        }
        return List.copyOf(params);
    }

    /** @return the dense layers with their indices in {@link #layers()} */
    public List<Integer> denseLayerIndices() {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof DenseLayer) {
                indices.add(i);
            }
        }
        return List.copyOf(indices);
    }

    /** @return the total number of learnable scalars */
    public long parameterCount() {
        return parameters().stream().mapToLong(p -> p.shape().elementCount()).sum();
    }

    /** @return the number of multiply-adds of one forward pass for one sample */
    public long forwardMultiplyAdds() {
        long total = 0;
        for (Layer layer : layers) {
            if (layer instanceof DenseLayer d) {
                total += (long) d.inputs() * d.outputs();
            }
        }
        return total;
    }

    @Override
    public String toString() {
        return spec;
    }
}
