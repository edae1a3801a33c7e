package org.initlab.backends.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.initlab.core.model.Activation;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.GateLayer;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.core.model.ScalarBiasLayer;

/**
 * A {@link Network}'s layers as calls of PyTorch's functional API, each exactly the {@code torch.nn} module the
 * layer's Javadoc names:
 *
 * <ul>
 *   <li>{@link DenseLayer}: {@code linear(h, W, b)}, {@code linear(c * h, W, b)} with an input multiplier
 *       {@code c != 1}; {@link Conv2dLayer}: {@code conv2d(h, W, b, stride,
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
 *   <li>the vision transformer's layers (patch embedding, class token, positional embedding, transformer blocks,
 *       token pooling) on {@code [batch, T, D]} token tensors, as {@link DjlTransformer} lists them.</li>
 * </ul>
 *
 * <p>{@link DjlLayerChain} turns the layers into these ops. The learnable tensors are the session's; the running statistics are buffers owned by this object (created
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
        FeatureShape in = network.inputShape();
        this.inputDims = in.spatial() ? new long[] {in.channels(), in.height(), in.width()} : new long[] {in.size()};
        DjlLayerChain chain = new DjlLayerChain(network, parameters, manager);
        this.ops = chain.ops();
        this.batchNormModules = chain.batchNormModules();
        this.valuesPerChannel = chain.batchNormInputs().stream().mapToInt(s -> s.height() * s.width()).toArray();
        this.runningMeans = chain.runningMeans().toArray(NDArray[]::new);
        this.runningVariances = chain.runningVariances().toArray(NDArray[]::new);
        this.dropout = chain.hasDropout();
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

    /** One layer's forward computation. */
    @FunctionalInterface
    interface Op {
        NDArray apply(NDArray h, boolean training);
    }

    /** @return the output of the ops applied in order to {@code x} ({@code x} itself for none) */
    static NDArray run(Op[] chain, NDArray x, boolean training) {
        NDArray h = x;
        for (Op op : chain) {
            h = op.apply(h, training);
        }
        return h;
    }

    static Op dense(NDArray weight, NDArray bias) {
        return (h, training) -> JniUtils.linear((PtNDArray) h, (PtNDArray) weight, (PtNDArray) bias);
    }

    /** {@code linear(c * h, W, b)}: a dense layer whose input multiplier {@code c} is not 1. */
    static Op dense(NDArray weight, NDArray bias, float multiplier) {
        return (h, training) -> JniUtils.linear((PtNDArray) times(h, multiplier), (PtNDArray) weight, (PtNDArray) bias);
    }

    static Op conv(DjlConvolution convolution, NDArray weight, NDArray bias) {
        return (h, training) -> convolution.apply(h, weight, bias);
    }

    static Op maxPool(int kernel, int stride) {
        Shape window = new Shape(kernel, kernel);
        Shape step = new Shape(stride, stride);
        Shape padding = new Shape(0, 0);
        return (h, training) -> JniUtils.maxPool((PtNDArray) h, window, step, padding, false);
    }

    static Op avgPool(int kernel, int stride) {
        Shape window = new Shape(kernel, kernel);
        Shape step = new Shape(stride, stride);
        Shape padding = new Shape(0, 0);
        return (h, training) -> JniUtils.avgPool((PtNDArray) h, window, step, padding, false, true);
    }

    static Op flatten(int width) {
        long[] dims = {-1, width};
        return (h, training) -> JniUtils.reshape((PtNDArray) h, dims);
    }

    static Op batchNorm(BatchNormLayer layer, NDArray mean, NDArray variance, NDArray weight,
                                NDArray bias) {
        double momentum = layer.momentum();
        double eps = layer.eps();
        return (h, training) -> JniUtils.batchNorm((PtNDArray) h, (PtNDArray) mean, (PtNDArray) variance,
                (PtNDArray) weight, (PtNDArray) bias, training, momentum, eps);
    }

    static Op layerNorm(LayerNormLayer layer, NDArray weight, NDArray bias) {
        Shape normalized = weight.getShape();
        double eps = layer.eps();
        return (h, training) -> JniUtils.layerNorm((PtNDArray) h, normalized, (PtNDArray) weight, (PtNDArray) bias,
                eps);
    }

    /** {@code h * (mean(h^2 over the sample's features) + eps)^(-1/2) * weight}, as {@code nn.RMSNorm} computes. */
    static Op rmsNorm(RmsNormLayer layer, NDArray weight) {
        int rank = weight.getShape().dimension();
        float eps = (float) layer.eps();
        return (h, training) -> {
            // libtorch's mean over several axes is not bound by DJL: average a [batch, features] view instead
            long batch = h.getShape().get(0);
            long[] perSample = new long[rank + 1];
            Arrays.fill(perSample, 1);
            perSample[0] = batch;
            NDArray meanSquare = h.square().reshape(batch, -1).mean(new int[] {1}, true);
            return h.mul(meanSquare.add(eps).pow(scalar(meanSquare, -0.5f)).reshape(new Shape(perSample))).mul(weight);
        };
    }

    static Op dropout(double probability) {
        return (h, training) -> training ? JniUtils.dropout((PtNDArray) h, probability, true) : h;
    }

    /**
     * PyTorch's functional activations with its default parameters ({@code gelu} is the exact erf form); gelu's
     * tanh form, silu and mish are composed of libtorch's element-wise ops (DJL binds no fused kernel for them),
     * so autograd differentiates them term by term.
     */
    static NDArray activate(NDArray h, Activation activation) {
        return switch (activation) {
            case RELU -> h.getNDArrayInternal().relu();
            case LEAKY_RELU -> h.getNDArrayInternal().leakyRelu((float) Activation.LEAKY_SLOPE);
            case TANH -> h.getNDArrayInternal().tanh();
            case SIGMOID -> h.getNDArrayInternal().sigmoid();
            case SELU -> h.getNDArrayInternal().selu();
            case GELU -> h.getNDArrayInternal().gelu();
            case ELU -> h.getNDArrayInternal().elu(1f);
            case GELU_TANH -> times(h.mul(times(times(h.pow(scalar(h, 3)), (float) Activation.GELU_TANH_CUBIC)
                    .add(h), (float) Activation.GELU_TANH_SCALE).tanh().add(1f)), 0.5f);
            case SILU -> h.mul(h.getNDArrayInternal().sigmoid());
            case MISH -> h.mul(h.getNDArrayInternal().softPlus().tanh());
            case IDENTITY -> h;
        };
    }

    /**
     * {@code h * c} with {@code c} a 0-dim tensor that libtorch allocates and owns ({@link #scalar}). Never
     * {@code NDArray.mul(Number)} on a tensor autograd records: DJL wraps the number's Java direct buffer in a
     * tensor ({@code from_blob}, memory libtorch does not own) and closes it right after the product, while
     * autograd keeps that tensor for the backward pass ({@code grad_h = grad * c}); once the garbage collector
     * frees the buffer, backward reads freed, reused memory: gradients that differ from run to run, or NaN.
     */
    static NDArray times(NDArray h, float c) {
        return h.mul(scalar(h, c));
    }

    /** @return {@code c} as a 0-dim tensor of {@code like}'s type, allocated by libtorch ({@code torch.full}) */
    static NDArray scalar(NDArray like, float c) {
        return like.getManager().full(new Shape(), c, like.getDataType());
    }

    static Op globalAvgPool() {
        Shape one = new Shape(1, 1);
        return (h, training) -> JniUtils.adaptiveAvgPool((PtNDArray) h, one);
    }
}
