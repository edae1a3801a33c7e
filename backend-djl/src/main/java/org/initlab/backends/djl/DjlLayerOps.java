package org.initlab.backends.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import org.initlab.core.model.Activation;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.RmsNormLayer;

/** The forward computations of single layers as libtorch calls, which {@link DjlNetwork} chains. */
final class DjlLayerOps {
    /** One layer's forward computation. */
    @FunctionalInterface
    interface Op {
        NDArray apply(NDArray h, boolean training);
    }

    private DjlLayerOps() {
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
            return h.mul(meanSquare.add(eps).pow(-0.5f).reshape(new Shape(perSample))).mul(weight);
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
            case GELU_TANH -> h.mul(h.pow(3).mul((float) Activation.GELU_TANH_CUBIC).add(h)
                    .mul((float) Activation.GELU_TANH_SCALE).tanh().add(1f)).mul(0.5f);
            case SILU -> h.mul(h.getNDArrayInternal().sigmoid());
            case MISH -> h.mul(h.getNDArrayInternal().softPlus().tanh());
            case IDENTITY -> h;
        };
    }
}
