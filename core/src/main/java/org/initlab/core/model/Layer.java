package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;

/**
 * One layer of a sequential network, the equivalent of one module of a PyTorch {@code nn.Sequential}. The set
 * of layer kinds is closed so that every backend can be checked (by the compatibility kit) to implement all of
 * them.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public sealed interface Layer permits DenseLayer, ActivationLayer, Conv2dLayer, MaxPool2dLayer, AvgPool2dLayer,
        FlattenLayer, BatchNormLayer, DropoutLayer, LayerNormLayer, RmsNormLayer, GlobalAvgPool2dLayer, ResidualBlock,
        ScalarLayer, PatchEmbedding, ClassToken, PositionalEmbedding, TransformerBlock, TokenPool {

    /**
     * @param input the shape of one sample's input
     * @return the shape of one sample's output
     * @throws IllegalArgumentException when the input does not fit the layer (the message says why)
     */
    FeatureShape outputShape(FeatureShape input);

    /**
     * The layer's learnable parameters, named {@code <index>.weight} and {@code <index>.bias} as PyTorch's
     * {@code state_dict} names them.
     *
     * @param index the layer's index in the network
     * @param next  the nonlinearity that follows the layer (what gain-based initializers use)
     * @return the parameters, weight first; empty for a layer without parameters
     */
    default List<ParameterSpec> parameters(int index, Nonlinearity next) {
        return parameters(String.valueOf(index), next);
    }

    /**
     * The layer's learnable parameters under a module path: {@code <prefix>.weight}, {@code <prefix>.bias}
     * (the prefix is the layer's index, or {@code 5.branch.0} for a layer inside residual block 5). The
     * descriptions carry no {@link org.initlab.spi.Placement}: {@link Network#parameters()} adds it.
     *
     * @param prefix the layer's module path
     * @param next   the nonlinearity that follows the layer
     * @return the parameters, weight first; empty for a layer without parameters
     */
    default List<ParameterSpec> parameters(String prefix, Nonlinearity next) {
        return List.of();
    }

    /**
     * @param input the shape of one sample's input
     * @return the multiply-adds of one sample's forward pass through this layer (0 for cheap element-wise
     *         layers)
     */
    default long multiplyAdds(FeatureShape input) {
        return 0;
    }

    /**
     * @param width the width of a flat input
     * @return the width of the flat output
     * @throws IllegalArgumentException when the layer needs a spatial input or the width does not fit
     */
    default int outputWidth(int width) {
        return outputShape(FeatureShape.flat(width)).size();
    }
}
