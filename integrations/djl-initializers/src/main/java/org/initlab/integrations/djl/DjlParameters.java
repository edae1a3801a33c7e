package org.initlab.integrations.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.convolutional.Deconvolution;
import ai.djl.nn.core.AbstractEmbedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.initlab.spi.Fans;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * The parameters of a DJL block as initlab sees them: DJL's own names (those of {@link Block#getParameters()}:
 * a child's parameters are prefixed with the child's name and {@code _}, e.g. {@code 01Linear_weight} in a
 * {@code SequentialBlock}), the block that owns each one, and a {@link ParameterSpec} in PyTorch layout. DJL's
 * layouts are PyTorch's: {@code Linear} weight {@code [out, in]}, {@code Conv2d} weight
 * {@code [out, in/groups, kh, kw]}, biases {@code [out]}, so {@link Fans#of} gives PyTorch's fans unchanged.
 */
final class DjlParameters {
    private DjlParameters() {
    }

    /**
     * A parameter found in a block.
     *
     * @param name      DJL's name for it, unique in the block
     * @param parameter the parameter
     * @param owner     the block that declares it directly
     */
    record Found(String name, Parameter parameter, Block owner) {
    }

    /**
     * Lists every parameter of a block in {@link Block#getParameters()} order: a block's own, then its children's.
     * Running statistics (batch norm's mean and variance) are not learnable and are left out.
     *
     * @param block the block
     * @return the parameters
     */
    static List<Found> of(Block block) {
        List<Found> found = new ArrayList<>();
        collect(block, "", found);
        return List.copyOf(found);
    }

    private static void collect(Block block, String prefix, List<Found> found) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                found.add(new Found(prefix + p.getKey(), p.getValue(), block));
            }
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + child.getKey() + "_", found);
        }
    }

    /**
     * @param owner a block
     * @return the kind of layer it is for initlab
     */
    static LayerKind kindOf(Block owner) {
        if (owner instanceof Linear) {
            return LayerKind.DENSE;
        } else if (owner instanceof Convolution) {
            return LayerKind.CONV;
        } else if (owner instanceof Deconvolution) {
            return LayerKind.CONV_TRANSPOSE;
        } else if (owner instanceof AbstractEmbedding<?>) {
            return LayerKind.EMBEDDING;
        } else if (owner instanceof BatchNorm || owner instanceof LayerNorm) {
            return LayerKind.NORMALIZATION;
        }
        return LayerKind.OTHER;
    }

    /**
     * Describes a parameter for an initializer.
     *
     * @param found        the parameter; it must be initialized (it has an array)
     * @param nonlinearity the nonlinearity that follows its layer
     * @return the description: the weight of a dense or convolution layer has its fans, its bias its layer's
     *         fans; batch and layer norm's scale ({@code gamma}) and shift ({@code beta}) are a
     *         {@link LayerKind#NORMALIZATION} layer's {@link ParameterRole#OTHER} and {@link ParameterRole#BIAS}
     *         as in initlab's own networks
     * @throws IllegalArgumentException when the parameter is not initialized or a dimension is too large
     */
    static ParameterSpec describe(Found found, Nonlinearity nonlinearity) {
        TensorShape shape = shapeOf(found);
        LayerKind kind = kindOf(found.owner());
        return switch (found.parameter().getType()) {
            case WEIGHT -> ParameterSpec.weight(found.name(), shape, kind, nonlinearity);
            case BIAS -> new ParameterSpec(found.name(), ParameterRole.BIAS, shape, kind, nonlinearity,
                    ownerWeightFans(found));
            case GAMMA -> new ParameterSpec(found.name(), ParameterRole.OTHER, shape, LayerKind.NORMALIZATION,
                    nonlinearity, Optional.empty());
            case BETA -> new ParameterSpec(found.name(), ParameterRole.BIAS, shape, LayerKind.NORMALIZATION,
                    nonlinearity, Optional.empty());
            default -> new ParameterSpec(found.name(), ParameterRole.OTHER, shape, kind, nonlinearity,
                    shape.rank() >= 2 ? Optional.of(Fans.of(shape)) : Optional.empty());
        };
    }

    /** The fans of the weight declared next to a bias in the same block, when it has 2 or more dimensions. */
    private static Optional<Fans> ownerWeightFans(Found bias) {
        for (Pair<String, Parameter> p : bias.owner().getDirectParameters()) {
            Parameter sibling = p.getValue();
            if (sibling.getType() == Parameter.Type.WEIGHT && sibling.isInitialized()) {
                TensorShape weight = toTensorShape(bias.name(), sibling.getArray().getShape());
                return weight.rank() >= 2 ? Optional.of(Fans.of(weight)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * @param found a parameter
     * @return its array's shape
     * @throws IllegalArgumentException when it has no array yet
     */
    static TensorShape shapeOf(Found found) {
        if (!found.parameter().isInitialized()) {
            throw new IllegalArgumentException("parameter " + found.name() + " of the DJL block has no values yet: "
                    + "initialize the block first (block.initialize(manager, DataType.FLOAT32, inputShape) or "
                    + "trainer.initialize(inputShape))");
        }
        return toTensorShape(found.name(), found.parameter().getArray().getShape());
    }

    /**
     * @param name  the parameter's name, for the message
     * @param shape a DJL shape
     * @return the same dimensions as an initlab shape
     * @throws IllegalArgumentException for an unknown or too large dimension
     */
    static TensorShape toTensorShape(String name, Shape shape) {
        long[] dims = shape.getShape();
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("parameter " + name + " has shape " + shape + ", whose dimension "
                        + i + " is " + (dims[i] < 0 ? "unknown" : "too large for initlab"));
            }
            out[i] = (int) dims[i];
        }
        return TensorShape.of(out);
    }
}
