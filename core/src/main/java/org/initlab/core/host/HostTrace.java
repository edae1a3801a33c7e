package org.initlab.core.host;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The values a {@link HostNetwork#forward} pass computed: the input and every layer's output (a flatten or
 * dropout shares its input's array), the layers inside residual blocks included. Arrays are shared, not copied:
 * do not modify them.
 */
@API(status = EXPERIMENTAL)
public final class HostTrace {
    private final int batch;
    private final double[] input;
    private final List<HostLayers.Step> steps;
    private final List<Stage> stages;

    HostTrace(int batch, double[] input, List<HostLayers.Step> steps, List<Stage> stages) {
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
        return segment(site).get(site.position()).output();
    }

    /**
     * @param site a layer of the network, in the trunk or inside a residual block
     * @return that layer's input: for the first layer of a block's branch or shortcut, the block's input
     */
    public double[] input(LayerSite site) {
        if (!site.inBlock() || site.position() == 0) {
            return layerInput(site.layer());
        }
        return segment(site).get(site.position() - 1).output();
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
