package org.initlab.core.host;

import java.util.function.Function;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.core.model.ScalarLayer;
import org.initlab.core.model.TokenPool;
import org.initlab.core.model.TransformerBlock;

/** The forward and backward pass of one layer of each kind, dispatching to the kernels. */
final class HostLayers {
    private HostLayers() {
    }

    /**
     * What the forward pass of one layer keeps for the backward pass.
     *
     * @param output     the layer's output
     * @param argmax     max pooling: the input index each output took; else null
     * @param normalized batch, layer and RMS normalization: the normalized input; else null
     * @param inverseStd batch normalization: {@code 1 / sqrt(var + eps)} per channel; layer and RMS
     *                   normalization: per sample; else null
     * @param block      a residual block: the steps of its branch and shortcut and the sum; else null
     * @param transformer a transformer block: its intermediate values; else null
     */
    record Step(double[] output, int[] argmax, double[] normalized, double[] inverseStd, HostResidual.Steps block,
                HostTransformer.Steps transformer) {
        static Step of(double[] output) {
            return new Step(output, null, null, null, null, null);
        }
    }

    /**
     * @return whether the layer itself has learnable parameters: a weight, and a bias unless it is RMS
     *         normalization, or the one scalar of a {@link ScalarLayer}, or the one embedding of a class token or
     *         positional embedding; a residual or transformer block's are its own layers'
     */
    static boolean hasParameters(Layer layer) {
        return layer instanceof DenseLayer || layer instanceof Conv2dLayer || layer instanceof BatchNormLayer
                || layer instanceof LayerNormLayer || layer instanceof RmsNormLayer || layer instanceof ScalarLayer
                || layer instanceof PatchEmbedding || layer instanceof ClassToken || layer instanceof PositionalEmbedding;
    }

    /**
     * @return the name of the layer's first parameter: {@code weight}, a scalar layer's {@code alpha} or
     *         {@code bias}, {@code class_token}, {@code pos_embedding}
     */
    static String weightName(Layer layer) {
        if (layer instanceof ClassToken) {
            return ClassToken.PARAMETER;
        }
        if (layer instanceof PositionalEmbedding) {
            return PositionalEmbedding.PARAMETER;
        }
        return layer instanceof ScalarLayer s ? s.parameterName() : "weight";
    }

    /** @return the length of the layer's first parameter (1 for a scalar layer) */
    static int weightCount(Layer layer) {
        if (layer instanceof ScalarLayer) {
            return 1;
        }
        if (layer instanceof PatchEmbedding p) {
            return (int) p.convolution().weightShape().elementCount();
        }
        if (layer instanceof ClassToken c) {
            return c.dim();
        }
        if (layer instanceof PositionalEmbedding p) {
            return p.tokens() * p.dim();
        }
        if (layer instanceof DenseLayer d) {
            return d.inputs() * d.outputs();
        }
        if (layer instanceof Conv2dLayer c) {
            return (int) c.weightShape().elementCount();
        }
        if (layer instanceof LayerNormLayer n) {
            return n.normalizedShape().size();
        }
        if (layer instanceof RmsNormLayer n) {
            return n.normalizedShape().size();
        }
        return ((BatchNormLayer) layer).features();
    }

    /** @return the bias length; 0 for RMS normalization and scalar layers, which have none besides the first */
    static int biasCount(Layer layer) {
        if (layer instanceof ScalarLayer || layer instanceof ClassToken || layer instanceof PositionalEmbedding) {
            return 0;
        }
        if (layer instanceof PatchEmbedding p) {
            return p.dim();
        }
        if (layer instanceof DenseLayer d) {
            return d.outputs();
        }
        if (layer instanceof Conv2dLayer c) {
            return c.outChannels();
        }
        if (layer instanceof LayerNormLayer n) {
            return n.normalizedShape().size();
        }
        if (layer instanceof RmsNormLayer) {
            return 0;
        }
        return ((BatchNormLayer) layer).features();
    }

    /**
     * @param prefix the layer's module path ({@code 3}, {@code 5.branch.1}), which names its parameters
     */
    static Step forward(Parallel parallel, Layer layer, String prefix, FeatureShape in, double[] x, int batch,
                        Function<String, float[]> parameters) {
        if (layer instanceof ResidualBlock block) {
            return HostResidual.forward(parallel, block, prefix, in, x, batch, parameters);
        }
        if (layer instanceof TransformerBlock block) {
            return new HostTransformer(parallel, block, prefix + ".", in, batch, parameters).forward(x);
        }
        if (layer instanceof ScalarLayer scalar) {
            return Step.of(HostResidual.scalarForward(scalar, x, weight(parameters, prefix, layer)[0]));
        }
        if (layer instanceof PatchEmbedding p) {
            return Step.of(HostTokens.patchForward(parallel, p, in, x, batch, weight(parameters, prefix, layer),
                    bias(parameters, prefix, layer)));
        }
        if (layer instanceof ClassToken) {
            return Step.of(HostTokens.classTokenForward(x, batch, weight(parameters, prefix, layer)));
        }
        if (layer instanceof PositionalEmbedding) {
            return Step.of(HostTokens.positionsForward(x, batch, weight(parameters, prefix, layer)));
        }
        if (layer instanceof TokenPool pool) {
            return Step.of(HostTokens.poolForward(pool, in, x, batch));
        }
        if (layer instanceof DenseLayer d) {
            return Step.of(HostDense.forward(parallel, x, batch, d, weight(parameters, prefix, layer),
                    bias(parameters, prefix, layer)));
        }
        if (layer instanceof Conv2dLayer c) {
            return Step.of(new HostConvolution(c, in, parallel).forward(x, batch, weight(parameters, prefix, layer),
                    bias(parameters, prefix, layer)));
        }
        if (layer instanceof ActivationLayer a) {
            return Step.of(activate(a.activation(), x));
        }
        if (layer instanceof MaxPool2dLayer p) {
            FeatureShape out = p.outputShape(in);
            int[] argmax = new int[Math.multiplyExact(batch, out.size())];
            double[] y = new HostPooling(in, out, p.kernel(), p.stride(), batch, parallel).max(x, argmax);
            return new Step(y, argmax, null, null, null, null);
        }
        if (layer instanceof AvgPool2dLayer p) {
            return Step.of(new HostPooling(in, p.outputShape(in), p.kernel(), p.stride(), batch, parallel).average(x));
        }
        if (layer instanceof BatchNormLayer n) {
            double[] normalized = new double[x.length];
            double[] inverseStd = new double[n.features()];
            double[] y = batchNorm(n, in, batch, parallel).forward(x, weight(parameters, prefix, layer),
                    bias(parameters, prefix, layer), normalized, inverseStd);
            return new Step(y, null, normalized, inverseStd, null, null);
        }
        if (layer instanceof LayerNormLayer || layer instanceof RmsNormLayer) {
            double[] normalized = new double[x.length];
            double[] inverseStd = new double[batch];
            double[] y = featureNorm(layer, in, batch, parallel).forward(x, weight(parameters, prefix, layer),
                    layer instanceof LayerNormLayer ? bias(parameters, prefix, layer) : null, normalized, inverseStd);
            return new Step(y, null, normalized, inverseStd, null, null);
        }
        if (layer instanceof GlobalAvgPool2dLayer) {
            int positions = in.height() * in.width();
            double[] y = new double[batch * in.channels()];
            for (int r = 0; r < y.length; r++) {
                double sum = 0;
                for (int k = 0; k < positions; k++) {
                    sum += x[r * positions + k];
                }
                y[r] = sum / positions;
            }
            return Step.of(y);
        }
        if (layer instanceof FlattenLayer || layer instanceof DropoutLayer) {
            return Step.of(x);
        }
        throw new IllegalStateException("no host implementation of " + layer);
    }

    /**
     * The backward pass of a layer other than a residual or transformer block ({@link HostBackward} walks into
     * those).
     *
     * @param prefix  the layer's module path, which names its parameters
     * @param dWeight receives the gradient of the first parameter of a layer with parameters (else null)
     * @param dBias   receives the bias gradient of a layer with parameters (else null)
     * @param input   whether the input gradient is needed
     * @return dL/dx when {@code input}, else null
     */
    static double[] backward(Parallel parallel, Layer layer, String prefix, FeatureShape in, double[] x, Step step,
                             double[] dy, int batch, Function<String, float[]> parameters, double[] dWeight,
                             double[] dBias, boolean input) {
        if (layer instanceof ScalarLayer scalar) {
            return HostResidual.scalarBackward(scalar, x, dy, weight(parameters, prefix, layer)[0], dWeight, input);
        }
        if (layer instanceof PatchEmbedding p) {
            return HostTokens.patchBackward(parallel, p, in, x, dy, batch, weight(parameters, prefix, layer), dWeight,
                    dBias, input);
        }
        if (layer instanceof ClassToken) {
            return HostTokens.classTokenBackward(dy, batch, dWeight, input);
        }
        if (layer instanceof PositionalEmbedding) {
            HostTokens.positionsBackward(dy, dWeight);
            return input ? dy : null;
        }
        if (layer instanceof DenseLayer d) {
            HostDense.parameterGradients(parallel, dy, x, batch, d, dWeight, dBias);
            return input ? HostDense.inputGradient(parallel, dy, batch, d, weight(parameters, prefix, layer)) : null;
        }
        if (layer instanceof Conv2dLayer c) {
            HostConvolution kernel = new HostConvolution(c, in, parallel);
            kernel.parameterGradients(dy, x, batch, dWeight, dBias);
            return input ? kernel.inputGradient(dy, batch, weight(parameters, prefix, layer)) : null;
        }
        if (layer instanceof BatchNormLayer n) {
            return batchNorm(n, in, batch, parallel).backward(dy, step.normalized(), step.inverseStd(),
                    weight(parameters, prefix, layer), dWeight, dBias);
        }
        if (layer instanceof LayerNormLayer || layer instanceof RmsNormLayer) {
            return featureNorm(layer, in, batch, parallel).backward(dy, step.normalized(), step.inverseStd(),
                    weight(parameters, prefix, layer), dWeight, layer instanceof LayerNormLayer ? dBias : null);
        }
        if (!input) {
            return null;
        }
        if (layer instanceof GlobalAvgPool2dLayer) {
            int positions = in.height() * in.width();
            double[] dx = new double[dy.length * positions];
            for (int k = 0; k < dx.length; k++) {
                dx[k] = dy[k / positions] / positions;
            }
            return dx;
        }
        if (layer instanceof ActivationLayer a) {
            Activation phi = a.activation();
            if (phi == Activation.IDENTITY) {
                return dy;
            }
            double[] y = step.output();
            double[] dx = new double[dy.length];
            for (int k = 0; k < dx.length; k++) {
                dx[k] = dy[k] * phi.derivative(x[k], y[k]);
            }
            return dx;
        }
        if (layer instanceof MaxPool2dLayer p) {
            return new HostPooling(in, p.outputShape(in), p.kernel(), p.stride(), batch, parallel).maxGradient(dy,
                    step.argmax());
        }
        if (layer instanceof AvgPool2dLayer p) {
            return new HostPooling(in, p.outputShape(in), p.kernel(), p.stride(), batch, parallel).averageGradient(dy);
        }
        if (layer instanceof FlattenLayer || layer instanceof DropoutLayer) {
            return dy;
        }
        if (layer instanceof TokenPool pool) {
            return HostTokens.poolBackward(pool, in, dy, batch);
        }
        throw new IllegalStateException("no host implementation of " + layer);
    }

    private static HostBatchNorm batchNorm(BatchNormLayer layer, FeatureShape in, int batch, Parallel parallel) {
        return new HostBatchNorm(batch, in.channels(), in.height() * in.width(), layer.eps(), parallel);
    }

    private static HostFeatureNorm featureNorm(Layer layer, FeatureShape in, int batch, Parallel parallel) {
        return layer instanceof LayerNormLayer n
                ? new HostFeatureNorm(batch, in.size(), n.eps(), true, parallel)
                : new HostFeatureNorm(batch, in.size(), ((RmsNormLayer) layer).eps(), false, parallel);
    }

    static double[] activate(Activation activation, double[] z) {
        if (activation == Activation.IDENTITY) {
            return z;
        }
        double[] a = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            a[k] = activation.apply(z[k]);
        }
        return a;
    }

    private static float[] weight(Function<String, float[]> parameters, String prefix, Layer layer) {
        return checked(parameters, prefix + "." + weightName(layer), weightCount(layer));
    }

    private static float[] bias(Function<String, float[]> parameters, String prefix, Layer layer) {
        return checked(parameters, prefix + ".bias", biasCount(layer));
    }

    private static float[] checked(Function<String, float[]> parameters, String path, int length) {
        float[] values = parameters.apply(path);
        if (values == null || values.length != length) {
            throw new IllegalArgumentException("parameter " + path + " needs " + length + " values, got "
                    + (values == null ? "none" : values.length));
        }
        return values;
    }
}
