package org.initlab.backends.djl;

import static org.initlab.backends.djl.DjlLayerOps.activate;
import static org.initlab.backends.djl.DjlLayerOps.avgPool;
import static org.initlab.backends.djl.DjlLayerOps.batchNorm;
import static org.initlab.backends.djl.DjlLayerOps.conv;
import static org.initlab.backends.djl.DjlLayerOps.dense;
import static org.initlab.backends.djl.DjlLayerOps.dropout;
import static org.initlab.backends.djl.DjlLayerOps.flatten;
import static org.initlab.backends.djl.DjlLayerOps.layerNorm;
import static org.initlab.backends.djl.DjlLayerOps.maxPool;
import static org.initlab.backends.djl.DjlLayerOps.rmsNorm;
import static org.initlab.backends.djl.DjlLayerOps.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.initlab.backends.djl.DjlLayerOps.Op;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
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
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.core.model.ScalarBiasLayer;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;

/**
 * A {@link Network}'s layers as calls of PyTorch's functional API, each exactly the {@code torch.nn} module the
 * layer's Javadoc names:
 *
 * <ul>
 *   <li>{@link DenseLayer}: {@code linear(h, W, b)}; {@link Conv2dLayer}: {@code conv2d(h, W, b, stride,
 *       padding, dilation=1, groups)} with {@code W [out, in/groups, k, k]}, computed by
 *       {@link DjlConvolution} as im2col and a matrix product (its Javadoc says why not by libtorch's
 *       {@code conv2d});</li>
 *   <li>{@link MaxPool2dLayer}, {@link AvgPool2dLayer}: {@code max_pool2d} / {@code avg_pool2d} with padding 0
 *       and {@code ceil_mode=false} (floor), {@code count_include_pad=true} (irrelevant without padding);</li>
 *   <li>{@link FlattenLayer}: a view {@code [batch, C*H*W]} (the values do not move);</li>
 *   <li>{@link BatchNormLayer}: {@code batch_norm(h, running_mean, running_var, weight, bias, training,
 *       momentum, eps)}, which is {@code BatchNorm1d} on {@code [batch, features]} and {@code BatchNorm2d} on
 *       {@code [batch, C, H, W]}. The momentum is passed as PyTorch's (the weight of the new statistic, 0.1):
 *       DJL's own {@code BatchNorm} block takes the weight of the old running value and converts, this class
 *       calls libtorch directly. libtorch updates {@code running_var} with the unbiased batch variance;</li>
 *   <li>{@link DropoutLayer}: {@code dropout(h, p, training)}, inverted dropout drawing its mask from
 *       libtorch's default generator (the session seeds it, see {@link DjlTrainingSession});</li>
 *   <li>{@link LayerNormLayer}: {@code layer_norm(h, normalized_shape, weight, bias, eps)};
 *       {@link RmsNormLayer}: {@code h * (mean(h^2) + eps)^(-1/2) * weight} over the same dimensions, composed of
 *       element-wise ops (DJL binds no {@code rms_norm}); {@link GlobalAvgPool2dLayer}:
 *       {@code adaptive_avg_pool2d(h, 1)};</li>
 *   <li>{@link ResidualBlock}: {@code post(s(h) + F(h))} with the branch {@code F} and the shortcut {@code s}
 *       (no layers: the identity; else the projection) built from the same cases, their parameters taken in
 *       {@link Network#parameters()} order ({@code 3.branch.0.weight} ... then {@code 3.shortcut.0.weight}), and
 *       {@code post} the block's activation (the identity in pre-activation form); inside branches
 *       {@link GateLayer} is {@code alpha * h} and {@link ScalarBiasLayer} {@code h + b}, each with its learnable
 *       {@code [1]} tensor broadcast (autograd sums its gradient over all values). A batch normalization in a
 *       branch or shortcut keeps its running statistics under its module path ({@code 3.branch.1}).</li>
 * </ul>
 *
 * <p>The learnable tensors are the session's; the running statistics are buffers owned by this object (created
 * in the session's manager, updated in place by libtorch in training mode, never seen by autograd).
 */
final class DjlNetwork {
    private final Op[] ops;
    private final long[] inputDims;
    private final List<String> batchNormModules;
    private final int[] valuesPerChannel;
    private final NDArray[] runningMeans;
    private final NDArray[] runningVariances;
    private final boolean dropout;

    /**
     * @param network    the network
     * @param parameters its learnable tensors in {@link Network#parameters()} order
     * @param manager    where the running statistics live
     */
    DjlNetwork(Network network, NDArray[] parameters, NDManager manager) {
        List<Layer> layers = network.layers();
        List<FeatureShape> shapes = network.shapes();
        FeatureShape in = network.inputShape();
        this.inputDims = in.spatial() ? new long[] {in.channels(), in.height(), in.width()} : new long[] {in.size()};
        Builder builder = new Builder(network, parameters, manager);
        this.ops = builder.chain(layers, "", shapes);
        if (builder.next != parameters.length) {
            throw new IllegalStateException(network + " has " + parameters.length + " parameters, its layers use "
                    + builder.next);
        }
        this.batchNormModules = List.copyOf(builder.normModules);
        this.valuesPerChannel = builder.normInputs.stream().mapToInt(s -> s.height() * s.width()).toArray();
        this.runningMeans = builder.means.toArray(NDArray[]::new);
        this.runningVariances = builder.variances.toArray(NDArray[]::new);
        this.dropout = builder.anyDropout;
    }

    /**
     * Turns layers into ops, taking their tensors from the parameter array in {@link Network#parameters()} order
     * (a residual block's branch, then its shortcut) and checking every path against the network's list.
     */
    private static final class Builder {
        private final Network network;
        private final List<ParameterSpec> specs;
        private final NDArray[] parameters;
        private final NDManager manager;
        private final List<String> normModules = new ArrayList<>();
        private final List<FeatureShape> normInputs = new ArrayList<>();
        private final List<NDArray> means = new ArrayList<>();
        private final List<NDArray> variances = new ArrayList<>();
        private boolean anyDropout;
        private int next;

        Builder(Network network, NDArray[] parameters, NDManager manager) {
            this.network = network;
            this.specs = network.parameters();
            this.parameters = parameters;
            this.manager = manager;
        }

        /**
         * @param layers the layers of a network, branch or shortcut
         * @param prefix their module path's prefix ({@code ""}, {@code "3.branch."}, {@code "3.shortcut."})
         * @param shapes the input shape of every layer
         */
        Op[] chain(List<Layer> layers, String prefix, List<FeatureShape> shapes) {
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
            if (layer instanceof DenseLayer) {
                return dense(p[0], p[1]);
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
                return (h, training) -> JniUtils.adaptiveAvgPool((PtNDArray) h, new Shape(1, 1));
            } else if (layer instanceof GateLayer) {
                NDArray alpha = p[0];
                return (h, training) -> h.mul(alpha);
            } else if (layer instanceof ScalarBiasLayer) {
                NDArray bias = p[0];
                return (h, training) -> h.add(bias);
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

    /** @return the shape of a batch of inputs: {@code [batch, C, H, W]} or {@code [batch, width]} */
    Shape inputShape(int batchSize) {
        long[] dims = new long[inputDims.length + 1];
        dims[0] = batchSize;
        System.arraycopy(inputDims, 0, dims, 1, inputDims.length);
        return new Shape(dims);
    }

    /** @return whether a training-mode pass draws random numbers */
    boolean hasDropout() {
        return dropout;
    }

    /**
     * @param x        the inputs, {@link #inputShape(int)}
     * @param training training mode (batch statistics, which update the running ones; dropout) or evaluation
     * @return the logits {@code [batch, classes]}
     */
    NDArray logits(NDArray x, boolean training) {
        if (training) {
            checkBatchStatistics(x.getShape().get(0));
        }
        return run(ops, x, training);
    }

    /**
     * @param module a layer's module path: its index, or {@code 3.branch.1} inside residual block 3
     * @return the position of that layer's buffers, or empty when it is not a batch normalization
     */
    OptionalInt batchNormSlot(String module) {
        int slot = batchNormModules.indexOf(module);
        return slot < 0 ? OptionalInt.empty() : OptionalInt.of(slot);
    }

    NDArray runningMean(int slot) {
        return runningMeans[slot];
    }

    NDArray runningVariance(int slot) {
        return runningVariances[slot];
    }

    /** PyTorch refuses batch statistics of a single value per channel; say so in initlab's terms. */
    private void checkBatchStatistics(long batchSize) {
        for (int s = 0; s < valuesPerChannel.length; s++) {
            if (batchSize * valuesPerChannel[s] < 2) {
                throw new IllegalArgumentException("batch normalization (layer " + batchNormModules.get(s)
                        + ") needs more than one value per channel in training mode; use a batch of at least 2");
            }
        }
    }
}
