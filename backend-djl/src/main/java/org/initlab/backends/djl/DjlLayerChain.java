package org.initlab.backends.djl;

import static org.initlab.backends.djl.DjlNetwork.activate;
import static org.initlab.backends.djl.DjlNetwork.avgPool;
import static org.initlab.backends.djl.DjlNetwork.batchNorm;
import static org.initlab.backends.djl.DjlNetwork.conv;
import static org.initlab.backends.djl.DjlNetwork.dense;
import static org.initlab.backends.djl.DjlNetwork.dropout;
import static org.initlab.backends.djl.DjlNetwork.flatten;
import static org.initlab.backends.djl.DjlNetwork.globalAvgPool;
import static org.initlab.backends.djl.DjlNetwork.layerNorm;
import static org.initlab.backends.djl.DjlNetwork.maxPool;
import static org.initlab.backends.djl.DjlNetwork.rmsNorm;
import static org.initlab.backends.djl.DjlNetwork.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.initlab.backends.djl.DjlNetwork.Op;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.GateLayer;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.Network;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.core.model.ScalarBiasLayer;
import org.initlab.core.model.TokenPool;
import org.initlab.core.model.TransformerBlock;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;

/**
 * A {@link Network}'s layers turned into {@link DjlNetwork}'s ops (the cases its Javadoc lists), residual blocks
 * and the vision transformer's layers ({@link DjlTransformer}) included: the tensors are taken from the parameter
 * array in {@link Network#parameters()} order (a block's branch, then its shortcut) and every path is checked
 * against the network's list, so a tensor can only reach the layer it is named for. Creates the
 * running-statistics buffers of the batch normalizations, keyed by module path ({@code 4} or
 * {@code 3.branch.1}). Calls no JNI itself (the ops that do are in {@link DjlNetwork} and {@link DjlTransformer}).
 */
final class DjlLayerChain {
    private final Network network;
    private final List<ParameterSpec> specs;
    private final NDArray[] parameters;
    private final NDManager manager;
    private final List<String> normModules = new ArrayList<>();
    private final List<FeatureShape> normInputs = new ArrayList<>();
    private final List<NDArray> means = new ArrayList<>();
    private final List<NDArray> variances = new ArrayList<>();
    private boolean anyDropout;
    private final Op[] ops;
    private int next;

    /**
     * Builds the ops of every layer.
     *
     * @param network    the network
     * @param parameters its learnable tensors in {@link Network#parameters()} order
     * @param manager    where the running statistics and convolution indices live
     */
    DjlLayerChain(Network network, NDArray[] parameters, NDManager manager) {
        this.network = network;
        this.specs = network.parameters();
        this.parameters = parameters;
        this.manager = manager;
        this.ops = chain(network.layers(), "", network.shapes());
        if (next != parameters.length) {
            throw new IllegalStateException(network + " has " + parameters.length + " parameters, its layers use "
                    + next);
        }
    }

    /** @return one op per layer of the network */
    Op[] ops() {
        return ops;
    }

    /** @return the module paths of the batch normalizations, in the order of their buffers */
    List<String> batchNormModules() {
        return List.copyOf(normModules);
    }

    /** @return the input shape of each batch normalization */
    List<FeatureShape> batchNormInputs() {
        return List.copyOf(normInputs);
    }

    /** @return each batch normalization's running mean (zeros at first) */
    List<NDArray> runningMeans() {
        return List.copyOf(means);
    }

    /** @return each batch normalization's running variance (ones at first) */
    List<NDArray> runningVariances() {
        return List.copyOf(variances);
    }

    /** @return whether any layer is a dropout */
    boolean hasDropout() {
        return anyDropout;
    }

    /**
     * @param layers the layers of a network, branch or shortcut
     * @param prefix their module path's prefix ({@code ""}, {@code "3.branch."}, {@code "3.shortcut."})
     * @param shapes the input shape of every layer
     */
    private Op[] chain(List<Layer> layers, String prefix, List<FeatureShape> shapes) {
        Op[] chained = new Op[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            chained[i] = op(layers.get(i), prefix + i, shapes.get(i));
        }
        return chained;
    }

    /** @return the layer's tensors, after checking that their paths are the network's next ones */
    private NDArray[] take(Layer layer, String module) {
        List<ParameterSpec> own = layer.parameters(module, Nonlinearity.LINEAR);
        NDArray[] taken = new NDArray[own.size()];
        for (int k = 0; k < taken.length; k++, next++) {
            if (next >= specs.size() || !specs.get(next).path().equals(own.get(k).path())) {
                throw new IllegalStateException("layer " + module + " of " + network + " expects parameter "
                        + own.get(k).path() + " at position " + next + " of " + specs.size());
            }
            taken[k] = parameters[next];
        }
        return taken;
    }

    private Op op(Layer layer, String module, FeatureShape in) {
        if (layer instanceof ResidualBlock block) {
            return residual(block, module, in);
        }
        NDArray[] p = take(layer, module);
        if (layer instanceof DenseLayer d) {
            return d.scalesInput() ? dense(p[0], p[1], (float) d.inputMultiplier()) : dense(p[0], p[1]);
        } else if (layer instanceof ActivationLayer a) {
            return (h, training) -> activate(h, a.activation());
        } else if (layer instanceof Conv2dLayer c) {
            return conv(new DjlConvolution(c, in, manager), p[0], p[1]);
        } else if (layer instanceof MaxPool2dLayer m) {
            return maxPool(m.kernel(), m.stride());
        } else if (layer instanceof AvgPool2dLayer a) {
            return avgPool(a.kernel(), a.stride());
        } else if (layer instanceof FlattenLayer) {
            return flatten(in.size());
        } else if (layer instanceof BatchNormLayer b) {
            NDArray mean = manager.zeros(new Shape(b.features()));
            NDArray variance = manager.ones(new Shape(b.features()));
            normModules.add(module);
            normInputs.add(in);
            means.add(mean);
            variances.add(variance);
            return batchNorm(b, mean, variance, p[0], p[1]);
        } else if (layer instanceof DropoutLayer d) {
            anyDropout = true;
            return dropout(d.probability());
        } else if (layer instanceof LayerNormLayer n) {
            return layerNorm(n, p[0], p[1]);
        } else if (layer instanceof RmsNormLayer n) {
            return rmsNorm(n, p[0]);
        } else if (layer instanceof GlobalAvgPool2dLayer) {
            return globalAvgPool();
        } else if (layer instanceof GateLayer) {
            NDArray alpha = p[0];
            return (h, training) -> h.mul(alpha);
        } else if (layer instanceof ScalarBiasLayer) {
            NDArray bias = p[0];
            return (h, training) -> h.add(bias);
        } else if (layer instanceof PatchEmbedding e) {
            return DjlTransformer.patchEmbedding(e, in, p[0], p[1], manager);
        } else if (layer instanceof ClassToken) {
            return DjlTransformer.classToken(p[0]);
        } else if (layer instanceof PositionalEmbedding) {
            return DjlTransformer.positionalEmbedding(p[0]);
        } else if (layer instanceof TransformerBlock b) {
            return DjlTransformer.block(b, in, p, manager);
        } else if (layer instanceof TokenPool t) {
            return DjlTransformer.tokenPool(t.mode(), in.dim());
        }
        // Layer is sealed; a new kind lands here until it gets a case above
        throw new IllegalArgumentException("the " + DjlBackendProvider.NAME + " backend does not implement "
                + layer + " (layer " + module + " of " + network + ")");
    }

    /** {@code post(s(x) + F(x))}: the branch and the shortcut (no ops for the identity) read the same input. */
    private Op residual(ResidualBlock block, String module, FeatureShape in) {
        Op[] branch = chain(block.branch(), module + ".branch.", block.branchShapes(in));
        Op[] shortcut = chain(block.shortcut(), module + ".shortcut.", block.shortcutShapes(in));
        Activation post = block.postActivation().orElse(Activation.IDENTITY);
        return (h, training) -> activate(run(shortcut, h, training).add(run(branch, h, training)), post);
    }
}
