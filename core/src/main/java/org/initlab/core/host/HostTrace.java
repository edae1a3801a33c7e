package org.initlab.core.host;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.core.model.Network;
import org.initlab.core.model.TransformerBlock;

/**
 * The values a {@link HostNetwork#forward} pass computed: the input and every layer's output (a flatten or
 * dropout shares its input's array), the layers inside residual blocks included, and inside transformer blocks
 * the projections, the attention probabilities and the residual stream after each branch. Arrays are shared, not
 * copied: do not modify them.
 */
@API(status = EXPERIMENTAL)
public final class HostTrace {
    private final int batch;
    private final double[] input;
    private final List<HostLayers.Step> steps;
    private final List<Stage> stages;
    private final Network network;

    HostTrace(Network network, int batch, double[] input, List<HostLayers.Step> steps, List<Stage> stages) {
        this.network = network;
        this.batch = batch;
        this.input = input;
        this.steps = List.copyOf(steps);
        this.stages = stages;
    }

    /** @return the number of samples */
    public int batch() {
        return batch;
    }

    /** @return the input, {@code [batch, inputWidth]} */
    public double[] input() {
        return input;
    }

    /**
     * @param stage an index into {@link HostNetwork#stages()}
     * @return its weighted layer's pre-activations {@code [batch, units]} ({@code C*H*W} per sample for a
     *         convolution)
     */
    public double[] preActivation(int stage) {
        return output(stages.get(stage).site());
    }

    /**
     * @param stage an index into {@link HostNetwork#stages()}
     * @return the stage's output: the next weighted layer's input (after activation, pooling, flatten), the
     *         logits for the last stage
     */
    public double[] activation(int stage) {
        return output(stages.get(stage).outputSite());
    }

    /**
     * @param site a layer of the network, in the trunk or inside a residual block
     * @return that layer's output
     */
    public double[] output(LayerSite site) {
        if (!site.inBlock()) {
            return layerOutput(site.layer());
        }
        if (site.inTransformer()) {
            return transformer(site.layer()).output(site);
        }
        return segment(site).get(site.position()).output();
    }

    /**
     * @param site a layer of the network, in the trunk or inside a residual block
     * @return that layer's input: for the first layer of a block's branch or shortcut, the block's input
     */
    public double[] input(LayerSite site) {
        if (site.inTransformer() && site.position() == 0) {
            HostTransformer.Steps t = transformer(site.layer());
            return site.segment() == LayerSite.Segment.ATTENTION ? t.attentionInput() : t.feedForwardInput();
        }
        if (!site.inBlock() || site.position() == 0) {
            return layerInput(site.layer());
        }
        if (site.inTransformer()) {
            return output(new LayerSite(site.layer(), site.segment(), site.position() - 1));
        }
        return segment(site).get(site.position() - 1).output();
    }

    /**
     * @param layer the index of a transformer block in the network's layers
     * @return the residual stream after its attention branch, {@code a x + SA(.)} (before {@code norm1} in
     *         post-LN form), {@code [batch, T, D]}
     * @throws IllegalArgumentException when the layer is not a transformer block
     */
    public double[] streamAfterAttention(int layer) {
        return transformer(layer).sum1();
    }

    /**
     * @param layer the index of a transformer block in the network's layers
     * @return the residual stream after its feed-forward branch, {@code a x + FF(.)} (before {@code norm2} in
     *         post-LN form), {@code [batch, T, D]}
     * @throws IllegalArgumentException when the layer is not a transformer block
     */
    public double[] streamAfterFeedForward(int layer) {
        return transformer(layer).sum2();
    }

    /**
     * @param layer the index of a transformer block in the network's layers
     * @return the attention branch's output {@code SA} ({@code out_proj}'s output), {@code [batch, T, D]}
     */
    public double[] attentionOutput(int layer) {
        return transformer(layer).attention();
    }

    /**
     * @param layer the index of a transformer block in the network's layers
     * @return the feed-forward branch's output {@code FF} ({@code linear2}'s output), {@code [batch, T, D]}
     */
    public double[] feedForwardOutput(int layer) {
        return transformer(layer).feedForward();
    }

    /**
     * @param layer the index of a transformer block in the network's layers
     * @return the attention probabilities {@code [batch, H, T, T]}: row {@code (b, h, t)} is query token
     *         {@code t}'s distribution over key tokens (0 where the causal mask hides them)
     */
    public double[] attentionProbabilities(int layer) {
        return transformer(layer).probabilities();
    }

    /**
     * @param layer the index of a transformer block in the network's layers
     * @return the scaled attention logits {@code q . k / sqrt(D/H)} of every (query, key) pair, {@code [batch, H,
     *         T, T]}, computed from the kept projections; masked pairs included (see {@link #attentionLogitStd})
     */
    public double[] attentionLogits(int layer) {
        return attentionOf(layer).logits(transformer(layer).qkv());
    }

    /**
     * @param layer the index of a transformer block in the network's layers
     * @return the mean entropy (natural log) of the attention rows over samples, heads and query tokens:
     *         {@code ln T} for uniform attention without a mask, 0 for attention on one token
     */
    public double meanAttentionEntropy(int layer) {
        double[] p = attentionProbabilities(layer);
        int tokens = tokensOf(layer);
        double sum = 0;
        for (int row = 0; row < p.length / tokens; row++) {
            double entropy = 0;
            for (int s = 0; s < tokens; s++) {
                double w = p[row * tokens + s];
                entropy -= w > 0 ? w * Math.log(w) : 0;
            }
            sum += entropy;
        }
        return sum / (p.length / tokens);
    }

    /**
     * @param layer the index of a transformer block in the network's layers
     * @return the population standard deviation of the scaled logits {@code q . k / sqrt(D/H)} over samples,
     *         heads and the (query, key) pairs the mask lets through
     */
    public double attentionLogitStd(int layer) {
        double[] logits = attentionLogits(layer);
        int tokens = tokensOf(layer);
        boolean causal = ((TransformerBlock) network.layers().get(layer)).causal();
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (int k = 0; k < logits.length; k++) {
            int t = k / tokens % tokens;
            if (!causal || k % tokens <= t) {
                sum += logits[k];
                squares += logits[k] * logits[k];
                count++;
            }
        }
        double mean = sum / count;
        return Math.sqrt(Math.max(0, squares / count - mean * mean));
    }

    private int tokensOf(int layer) {
        return network.shapes().get(layer).tokens();
    }

    private HostAttention attentionOf(int layer) {
        TransformerBlock block = (TransformerBlock) network.layers().get(layer);
        return new HostAttention(new Parallel(1), batch, tokensOf(layer), block.dim(), block.heads(), block.causal());
    }

    private HostTransformer.Steps transformer(int layer) {
        HostTransformer.Steps block = steps.get(layer).transformer();
        if (block == null) {
            throw new IllegalArgumentException("layer " + layer + " is not a transformer block");
        }
        return block;
    }

    /**
     * @param layer the index of a residual block in the network's layers
     * @return its branch output {@code F(x)}
     * @throws IllegalArgumentException when the layer is not a residual block
     */
    public double[] branchOutput(int layer) {
        return block(layer).branchOutput();
    }

    /**
     * @param layer the index of a residual block in the network's layers
     * @return its shortcut's output {@code s(x)}: the block's input for an identity shortcut
     * @throws IllegalArgumentException when the layer is not a residual block
     */
    public double[] shortcutOutput(int layer) {
        return block(layer).shortcutOutput(layerInput(layer));
    }

    /**
     * @param layer the index of a residual block in the network's layers
     * @return {@code s(x) + F(x)}, before the post-activation (the block's output in pre-activation form)
     * @throws IllegalArgumentException when the layer is not a residual block
     */
    public double[] residualSum(int layer) {
        return block(layer).sum();
    }

    private HostResidual.Steps block(int layer) {
        HostResidual.Steps block = steps.get(layer).block();
        if (block == null) {
            throw new IllegalArgumentException("layer " + layer + " is not a residual block");
        }
        return block;
    }

    private List<HostLayers.Step> segment(LayerSite site) {
        HostResidual.Steps block = block(site.layer());
        return site.segment() == LayerSite.Segment.BRANCH ? block.branch() : block.shortcut();
    }

    /**
     * @param layer an index into the network's layers
     * @return that layer's output
     */
    public double[] layerOutput(int layer) {
        return steps.get(layer).output();
    }

    /**
     * @param layer an index into the network's layers
     * @return that layer's input (the network input for layer 0)
     */
    public double[] layerInput(int layer) {
        return layer == 0 ? input : steps.get(layer - 1).output();
    }

    double[] logits() {
        return steps.get(steps.size() - 1).output();
    }

    HostLayers.Step step(int layer) {
        return steps.get(layer);
    }

    List<HostLayers.Step> steps() {
        return steps;
    }
}
