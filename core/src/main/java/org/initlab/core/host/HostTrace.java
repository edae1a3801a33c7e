package org.initlab.core.host;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The values a {@link HostNetwork#forward} pass computed: the input and every layer's output (a flatten or
 * dropout shares its input's array). Arrays are shared, not copied: do not modify them.
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
        return layerOutput(stages.get(stage).layerIndex());
    }

    /**
     * @param stage an index into {@link HostNetwork#stages()}
     * @return the stage's output: the next weighted layer's input (after activation, pooling, flatten), the
     *         logits for the last stage
     */
    public double[] activation(int stage) {
        return layerOutput(stages.get(stage).endLayer() - 1);
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
}
