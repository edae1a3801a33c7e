package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;

/**
 * A sequential classifier: the shape of one input sample, layers in order, and a softmax cross-entropy loss
 * over the last layer's outputs (the logits).
 *
 * <p>Parameters are named as PyTorch names the {@code state_dict} of an equivalent {@code nn.Sequential}:
 * {@code <layer index>.weight} and {@code <layer index>.bias}, where layers without parameters (activations,
 * pooling, flatten, dropout) take indices too. So {@code mlp:784-512-10:relu} has {@code 0.weight [512, 784]},
 * {@code 0.bias [512]}, {@code 2.weight [10, 512]}, {@code 2.bias [10]}, exactly as
 * {@code nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10))}.
 *
 * <p>Inputs are fed as flat rows of {@link FeatureShape#size()} values per sample; a spatial input shape says
 * how convolutions read them ({@code (c, y, x)} at {@code (c * H + y) * W + x}).
 *
 * @param inputShape the shape of one input sample
 * @param layers     the layers in order
 * @param spec       the model spec this network was built from, or a description
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Network(FeatureShape inputShape, List<Layer> layers, String spec) {

    /** Validates that the layers chain and the network ends in a flat vector of at least two classes. */
    public Network {
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(spec, "spec");
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        FeatureShape shape = inputShape;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof GateLayer || layers.get(i) instanceof ScalarBiasLayer) {
                throw new IllegalArgumentException("layer " + i + " of " + spec + ": a " + layers.get(i)
                        + " belongs inside a residual branch");
            }
            try {
                shape = layers.get(i).outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + i + " of " + spec + ": " + e.getMessage(), e);
            }
        }
        if (!shape.flatVector()) {
            throw new IllegalArgumentException("a classifier must end in a flat vector of logits, " + spec
                    + " ends in a " + shape + (shape.spatial() ? " map" : ""));
        }
        if (shape.size() < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 outputs, got " + shape.size());
        }
    }

    /**
     * A network over flat input vectors.
     *
     * @param inputWidth the number of input features, {@code > 0}
     * @param layers     the layers in order
     * @param spec       the model spec or a description
     */
    public Network(int inputWidth, List<Layer> layers, String spec) {
        this(flatInput(inputWidth), layers, spec);
    }

    private static FeatureShape flatInput(int inputWidth) {
        if (inputWidth <= 0) {
            throw new IllegalArgumentException("input width must be > 0, got " + inputWidth);
        }
        return FeatureShape.flat(inputWidth);
    }

    /** @return the number of input values per sample */
    public int inputWidth() {
        return inputShape.size();
    }

    /**
     * @return the feature shape before each layer and after the last: {@code shapes().get(i)} is the input of
     *         layer {@code i}, {@code shapes().get(layers().size())} the logits
     */
    public List<FeatureShape> shapes() {
        List<FeatureShape> shapes = new ArrayList<>(layers.size() + 1);
        FeatureShape shape = inputShape;
        shapes.add(shape);
        for (Layer layer : layers) {
            shape = layer.outputShape(shape);
            shapes.add(shape);
        }
        return List.copyOf(shapes);
    }

    /** @return the number of classes (the width of the last layer) */
    public int outputWidth() {
        return shapes().get(layers.size()).size();
    }

    /**
     * The nonlinearity that follows layer {@code index}: the first activation after it, looking past
     * normalization, pooling, flatten and dropout layers but not past another dense or convolution layer;
     * linear when there is none (PyTorch users pass the same to {@code calculate_gain} for
     * {@code conv -> BatchNorm -> ReLU}).
     *
     * @param index a layer index
     * @return the following nonlinearity
     */
    public Nonlinearity nonlinearityAfter(int index) {
        for (int i = index + 1; i < layers.size(); i++) {
            Layer next = layers.get(i);
            if (next instanceof ActivationLayer a) {
                return a.activation().nonlinearity();
            }
            if (next instanceof DenseLayer || next instanceof Conv2dLayer || next instanceof ResidualBlock
                    || next instanceof TransformerBlock || next instanceof PatchEmbedding) {
                break;
            }
        }
        return Nonlinearity.LINEAR;
    }

    /**
     * Every learnable parameter in order, weights before biases within a layer, each with its
     * {@link Placement}: {@link Placement.Region#TRUNK} outside residual blocks (the last dense layer marked as
     * the classifier), the block's regions inside them (see {@link ResidualBlock#placedParameters}); a
     * transformer block's two branches count as two residual blocks (see {@link TransformerBlock#placedParameters}).
     *
     * @return the parameters
     */
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> params = new ArrayList<>();
        int blocks = residualBlockCount();
        int classifier = classifierIndex();
        int block = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof ResidualBlock b) {
                params.addAll(b.placedParameters(String.valueOf(i), block++, blocks));
                continue;
            }
            if (layer instanceof TransformerBlock t) {
                params.addAll(t.placedParameters(String.valueOf(i), block, blocks));
                block += 2;
                continue;
            }
            Placement where = Placement.trunk(block, blocks, i == classifier);
            for (ParameterSpec p : layer.parameters(i, nonlinearityAfter(i))) {
                params.add(p.withPlacement(where));
            }
        }
        return List.copyOf(params);
    }

    /**
     * @return the number of residual branches, Fixup's {@code L}: one per {@link ResidualBlock}, two per
     *         {@link TransformerBlock} (attention and feed-forward)
     */
    public int residualBlockCount() {
        return (int) layers.stream().filter(l -> l instanceof ResidualBlock).count() + 2 * transformerBlockCount();
    }

    /** @return the number of {@link TransformerBlock}s */
    public int transformerBlockCount() {
        return (int) layers.stream().filter(l -> l instanceof TransformerBlock).count();
    }

    /** @return the index of the layer that produces the logits (the last dense layer), or -1 when none does */
    public int classifierIndex() {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i) instanceof DenseLayer) {
                return i;
            }
            if (layers.get(i) instanceof ResidualBlock || layers.get(i) instanceof Conv2dLayer
                    || layers.get(i) instanceof TransformerBlock) {
                return -1;
            }
        }
        return -1;
    }

    /** @return the indices in {@link #layers()} of the layers with a weight matrix or kernel (dense, conv) */
    public List<Integer> weightedLayerIndices() {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof DenseLayer || layers.get(i) instanceof Conv2dLayer) {
                indices.add(i);
            }
        }
        return List.copyOf(indices);
    }

    /** @return the dense layers' indices in {@link #layers()} */
    public List<Integer> denseLayerIndices() {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof DenseLayer) {
                indices.add(i);
            }
        }
        return List.copyOf(indices);
    }

    /** @return whether some layer behaves differently in training and evaluation (batch norm, dropout) */
    public boolean hasTrainingModeLayers() {
        return flatLayers().stream().anyMatch(l -> l instanceof BatchNormLayer || l instanceof DropoutLayer);
    }

    /** @return every layer in order, a residual block's branch and shortcut layers in place of the block */
    public List<Layer> flatLayers() {
        return layers.stream().flatMap(l -> l instanceof ResidualBlock b ? b.allLayers().stream() : Stream.of(l))
                .toList();
    }

    /** @return the total number of learnable scalars */
    public long parameterCount() {
        return parameters().stream().mapToLong(p -> p.shape().elementCount()).sum();
    }

    /** @return the number of multiply-adds of one forward pass for one sample (dense and convolution layers) */
    public long forwardMultiplyAdds() {
        List<FeatureShape> shapes = shapes();
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            total += layers.get(i).multiplyAdds(shapes.get(i));
        }
        return total;
    }

    @Override
    public String toString() {
        return spec;
    }
}
