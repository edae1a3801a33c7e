package org.initlab.core.host;

import java.util.function.BiConsumer;
import java.util.function.Function;
import org.initlab.core.model.Activation;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.NormPlacement;
import org.initlab.core.model.TransformerBlock;

/**
 * The forward and backward pass of a {@link TransformerBlock} on {@code batch * T} token rows: LayerNorms and
 * projections per token ({@link HostFeatureNorm}, {@link HostDense}), attention per sample and head
 * ({@link HostAttention}). With {@code a} the shortcut multiplier, the block is {@code mid = N1(a x + SA(A1(x)))},
 * {@code y = N2(a mid + FF(A2(mid)))}, where {@code A1, A2} are the LayerNorms in pre-LN form and {@code N1, N2}
 * in post-LN form (the identity otherwise).
 */
final class HostTransformer {
    private final Parallel parallel;
    private final TransformerBlock block;
    private final String prefix;
    private final int batch;
    private final int tokens;
    private final int rows;
    private final Function<String, float[]> parameters;

    /**
     * @param prefix the block's module path with a trailing dot ({@code 3.})
     * @param in     the block's input shape, a token sequence
     */
    HostTransformer(Parallel parallel, TransformerBlock block, String prefix, FeatureShape in, int batch,
                    Function<String, float[]> parameters) {
        this.parallel = parallel;
        this.block = block;
        this.prefix = prefix;
        this.batch = batch;
        this.tokens = in.tokens();
        this.rows = batch * tokens;
        this.parameters = parameters;
    }

    /**
     * What the forward pass of a block keeps, each {@code [batch, T, width]} unless said otherwise.
     *
     * @param attentionInput  what {@code in_proj} reads: {@code LN1(x)} in pre-LN form, else {@code x}
     * @param norm1           the first LayerNorm's normalized input and inverse std per token; null for
     *                        {@link NormPlacement#NONE}
     * @param qkv             the fused projections {@code [q|k|v]}, width {@code 3D}
     * @param probabilities   the attention {@code [batch, H, T, T]}
     * @param context         the heads' weighted values, concatenated (what {@code out_proj} reads)
     * @param attention       the attention branch's output {@code SA}
     * @param sum1            the residual stream after the attention branch, {@code a x + SA}
     * @param middle          the block's stream between the branches: {@code LN1(sum1)} in post-LN form, else
     *                        {@code sum1}
     * @param feedForwardInput what {@code linear1} reads: {@code LN2(middle)} in pre-LN form, else {@code middle}
     * @param norm2           the second LayerNorm's cache; null for {@link NormPlacement#NONE}
     * @param z1              {@code linear1}'s output, width {@code F}
     * @param hidden          {@code act(z1)}
     * @param feedForward     the feed-forward branch's output {@code linear2(hidden)}
     * @param sum2            the residual stream after the feed-forward branch, {@code a middle + FF}
     * @param output          the block's output: {@code LN2(sum2)} in post-LN form, else {@code sum2}
     */
    record Steps(double[] attentionInput, Norm norm1, double[] qkv, double[] probabilities, double[] context,
                 double[] attention, double[] sum1, double[] middle, double[] feedForwardInput, Norm norm2,
                 double[] z1, double[] hidden, double[] feedForward, double[] sum2, double[] output) {
        /**
         * @param site a site inside this block ({@link LayerSite.Segment#ATTENTION} or
         *             {@link LayerSite.Segment#FEED_FORWARD})
         * @return the output of the layer there: {@code qkv}, the context, {@code SA}; {@code z1}, {@code act(z1)},
         *         {@code FF}
         */
        double[] output(LayerSite site) {
            boolean attention = site.segment() == LayerSite.Segment.ATTENTION;
            return switch (site.position()) {
                case 0 -> attention ? qkv : z1;
                case 1 -> attention ? context : hidden;
                default -> attention ? this.attention : feedForward;
            };
        }
    }

    /** A LayerNorm's forward cache: the normalized input and {@code 1 / sqrt(var + eps)} per token. */
    record Norm(double[] normalized, double[] inverseStd) {
    }

    /** @return the forward step, whose {@link HostLayers.Step#transformer()} holds the block's values */
    HostLayers.Step forward(double[] x) {
        int dim = block.dim();
        double a = block.shortcutScale();
        NormPlacement form = block.norm();
        Norm norm1 = form == NormPlacement.NONE ? null : new Norm(new double[x.length], new double[rows]);
        double[] attentionInput = form == NormPlacement.PRE ? normalize(TransformerBlock.NORM1, x, norm1) : x;
        double[] qkv = dense(TransformerBlock.IN_PROJ_WEIGHT, TransformerBlock.IN_PROJ_BIAS, new DenseLayer(dim,
                3 * dim), attentionInput);
        double[] probabilities = new double[batch * block.heads() * tokens * tokens];
        double[] context = attention().forward(qkv, probabilities);
        double[] attention = dense(TransformerBlock.OUT_PROJ + ".weight", TransformerBlock.OUT_PROJ + ".bias",
                new DenseLayer(dim, dim), context);
        double[] sum1 = scaledSum(a, x, attention);
        double[] middle = form == NormPlacement.POST ? normalize(TransformerBlock.NORM1, sum1, norm1) : sum1;
        Norm norm2 = form == NormPlacement.NONE ? null : new Norm(new double[x.length], new double[rows]);
        double[] feedForwardInput = form == NormPlacement.PRE ? normalize(TransformerBlock.NORM2, middle, norm2)
                : middle;
        double[] z1 = dense(TransformerBlock.LINEAR1 + ".weight", TransformerBlock.LINEAR1 + ".bias",
                linear1(), feedForwardInput);
        double[] hidden = HostLayers.activate(block.activation(), z1);
        double[] feedForward = dense(TransformerBlock.LINEAR2 + ".weight", TransformerBlock.LINEAR2 + ".bias",
                linear2(), hidden);
        double[] sum2 = scaledSum(a, middle, feedForward);
        double[] output = form == NormPlacement.POST ? normalize(TransformerBlock.NORM2, sum2, norm2) : sum2;
        return new HostLayers.Step(output, null, null, null, null, new Steps(attentionInput, norm1, qkv,
                probabilities, context, attention, sum1, middle, feedForwardInput, norm2, z1, hidden, feedForward,
                sum2, output));
    }

    /** Receives the gradients of one of the block's projections, as a stage consumer does. */
    @FunctionalInterface
    interface ProjectionGradients {
        /**
         * @param site           the projection's site ({@code ATTENTION} or {@code FEED_FORWARD}, position 0 or 2)
         * @param outputGradient dL/d(the projection's stage output)
         * @param weightGradient dL/dW
         * @param biasGradient   dL/db
         */
        void accept(LayerSite site, double[] outputGradient, double[] weightGradient, double[] biasGradient);
    }

    /**
     * @param layer     the block's index in the network
     * @param x         the block's input
     * @param steps     its forward values
     * @param dy        dL/d(the block's output)
     * @param gradients receives {@code (path, dL/dparameter)} for each of the block's parameters
     * @param stages    receives each projection's gradients, {@code linear2} first and {@code in_proj} last
     * @param needInput whether dL/dx is needed
     * @return dL/dx, or null when not needed
     */
    double[] backward(int layer, double[] x, Steps steps, double[] dy, BiConsumer<String, double[]> gradients,
                      ProjectionGradients stages, boolean needInput) {
        int dim = block.dim();
        double a = block.shortcutScale();
        NormPlacement form = block.norm();
        double[] dSum2 = form == NormPlacement.POST
                ? normBackward(TransformerBlock.NORM2, dy, steps.norm2(), gradients) : dy;
        double[] dHidden = denseBackward(TransformerBlock.LINEAR2, linear2(), steps.hidden(), dSum2, gradients,
                stages, new LayerSite(layer, LayerSite.Segment.FEED_FORWARD, 2), dSum2);
        Activation act = block.activation();
        double[] dZ1 = new double[dHidden.length];
        for (int k = 0; k < dZ1.length; k++) {
            dZ1[k] = dHidden[k] * act.derivative(steps.z1()[k], steps.hidden()[k]);
        }
        double[] dFeedForwardInput = denseBackward(TransformerBlock.LINEAR1, linear1(), steps.feedForwardInput(),
                dZ1, gradients, stages, new LayerSite(layer, LayerSite.Segment.FEED_FORWARD, 0), dHidden);
        double[] dBranch2 = form == NormPlacement.PRE
                ? normBackward(TransformerBlock.NORM2, dFeedForwardInput, steps.norm2(), gradients) : dFeedForwardInput;
        double[] dMiddle = scaledSum(a, dSum2, dBranch2);
        double[] dSum1 = form == NormPlacement.POST
                ? normBackward(TransformerBlock.NORM1, dMiddle, steps.norm1(), gradients) : dMiddle;
        double[] dContext = denseBackward(TransformerBlock.OUT_PROJ, new DenseLayer(dim, dim), steps.context(), dSum1,
                gradients, stages, new LayerSite(layer, LayerSite.Segment.ATTENTION, 2), dSum1);
        double[] dQkv = attention().backward(dContext, steps.qkv(), steps.probabilities());
        double[] dAttentionInput = projectionBackward(dQkv, steps.attentionInput(), gradients, stages, layer,
                needInput || form == NormPlacement.PRE);
        double[] dBranch1 = form == NormPlacement.PRE
                ? normBackward(TransformerBlock.NORM1, dAttentionInput, steps.norm1(), gradients) : dAttentionInput;
        return needInput ? scaledSum(a, dSum1, dBranch1) : null;
    }

    /** {@code in_proj}'s gradients, reported under its fused parameter names. */
    private double[] projectionBackward(double[] dQkv, double[] input, BiConsumer<String, double[]> gradients,
                                        ProjectionGradients stages, int layer, boolean needInput) {
        DenseLayer inProj = new DenseLayer(block.dim(), 3 * block.dim());
        double[] dWeight = new double[3 * block.dim() * block.dim()];
        double[] dBias = new double[3 * block.dim()];
        HostDense.parameterGradients(parallel, dQkv, input, rows, inProj, dWeight, dBias);
        gradients.accept(prefix + TransformerBlock.IN_PROJ_WEIGHT, dWeight);
        gradients.accept(prefix + TransformerBlock.IN_PROJ_BIAS, dBias);
        stages.accept(new LayerSite(layer, LayerSite.Segment.ATTENTION, 0), dQkv, dWeight, dBias);
        return needInput ? HostDense.inputGradient(parallel, dQkv, rows, inProj,
                parameter(TransformerBlock.IN_PROJ_WEIGHT, 3 * block.dim() * block.dim())) : null;
    }

    private double[] denseBackward(String module, DenseLayer layer, double[] input, double[] dz,
                                   BiConsumer<String, double[]> gradients, ProjectionGradients stages, LayerSite site,
                                   double[] stageOutputGradient) {
        double[] dWeight = new double[layer.inputs() * layer.outputs()];
        double[] dBias = new double[layer.outputs()];
        HostDense.parameterGradients(parallel, dz, input, rows, layer, dWeight, dBias);
        gradients.accept(prefix + module + ".weight", dWeight);
        gradients.accept(prefix + module + ".bias", dBias);
        stages.accept(site, stageOutputGradient, dWeight, dBias);
        return HostDense.inputGradient(parallel, dz, rows, layer, parameter(module + ".weight", dWeight.length));
    }

    private double[] normBackward(String module, double[] dy, Norm cache, BiConsumer<String, double[]> gradients) {
        double[] dScale = new double[block.dim()];
        double[] dShift = new double[block.dim()];
        double[] dx = layerNorm().backward(dy, cache.normalized(), cache.inverseStd(),
                parameter(module + ".weight", block.dim()), dScale, dShift);
        gradients.accept(prefix + module + ".weight", dScale);
        gradients.accept(prefix + module + ".bias", dShift);
        return dx;
    }

    private double[] normalize(String module, double[] x, Norm cache) {
        return layerNorm().forward(x, parameter(module + ".weight", block.dim()),
                parameter(module + ".bias", block.dim()), cache.normalized(), cache.inverseStd());
    }

    private double[] dense(String weight, String bias, DenseLayer layer, double[] x) {
        return HostDense.forward(parallel, x, rows, layer, parameter(weight, layer.inputs() * layer.outputs()),
                parameter(bias, layer.outputs()));
    }

    private HostFeatureNorm layerNorm() {
        return new HostFeatureNorm(rows, block.dim(), TransformerBlock.EPS, true, parallel);
    }

    /** @return the attention core of this block's batch */
    HostAttention attention() {
        return new HostAttention(parallel, batch, tokens, block.dim(), block.heads(), block.causal());
    }

    private DenseLayer linear1() {
        return new DenseLayer(block.dim(), block.ffWidth());
    }

    private DenseLayer linear2() {
        return new DenseLayer(block.ffWidth(), block.dim());
    }

    private static double[] scaledSum(double a, double[] x, double[] y) {
        double[] sum = new double[x.length];
        for (int k = 0; k < sum.length; k++) {
            sum[k] = a * x[k] + y[k];
        }
        return sum;
    }

    private float[] parameter(String name, int length) {
        String path = prefix + name;
        float[] values = parameters.apply(path);
        if (values == null || values.length != length) {
            throw new IllegalArgumentException("parameter " + path + " needs " + length + " values, got "
                    + (values == null ? "none" : values.length));
        }
        return values;
    }
}
