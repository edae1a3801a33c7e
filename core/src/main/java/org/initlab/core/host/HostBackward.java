package org.initlab.core.host;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.initlab.core.model.Activation;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Layer;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.TransformerBlock;

/**
 * One backward pass of a {@link HostNetwork}: walks a sequence of layers last to first, into residual blocks
 * (the gradient of the sum goes to the shortcut and to the branch, whose input gradients add up) and transformer
 * blocks ({@link HostTransformer}), hands every
 * parameter gradient on by path and every stage's gradients to the stage consumer, last stage first.
 */
final class HostBackward {
    private final Parallel parallel;
    private final Function<String, float[]> parameters;
    private final int batch;
    private final Map<LayerSite, Stage> startingAt = new HashMap<>();
    private final Map<LayerSite, Stage> endingAt = new HashMap<>();
    private final double[][] outputGradients;
    private final HostNetwork.GradientConsumer consumer;
    private final BiConsumer<String, double[]> parameterGradients;

    HostBackward(Parallel parallel, Function<String, float[]> parameters, int batch, List<Stage> stages,
                 HostNetwork.GradientConsumer consumer, BiConsumer<String, double[]> parameterGradients) {
        this.parallel = parallel;
        this.parameters = parameters;
        this.batch = batch;
        for (Stage stage : stages) {
            startingAt.put(stage.site(), stage);
            endingAt.put(stage.outputSite(), stage);
        }
        this.outputGradients = new double[stages.size()][];
        this.consumer = consumer;
        this.parameterGradients = parameterGradients;
    }

    /** A sequence of layers: the network's own, or a block's branch or shortcut. */
    record Sequence(List<Layer> layers, List<FeatureShape> shapes, LayerSite first) {
    }

    /**
     * @param sequence the layers
     * @param steps    their forward steps
     * @param input    the sequence's input
     * @param dy       dL/d(the sequence's output)
     * @param from      the first layer to backpropagate through
     * @param needInput whether the gradient of the input of layer {@code from} is needed
     * @return that gradient, or null when not needed
     */
    double[] sequence(Sequence sequence, List<HostLayers.Step> steps, double[] input, double[] dy, int from,
                      boolean needInput) {
        double[] grad = dy;
        for (int i = sequence.layers().size() - 1; i >= from; i--) {
            LayerSite site = sequence.first().shifted(i);
            Stage ending = endingAt.get(site);
            if (ending != null) {
                outputGradients[ending.index()] = grad;
            }
            Layer layer = sequence.layers().get(i);
            double[] x = i == 0 ? input : steps.get(i - 1).output();
            boolean needs = i > from || needInput;
            double[] dWeight = null;
            double[] dBias = null;
            if (layer instanceof ResidualBlock block) {
                grad = block(block, site.layer(), sequence.shapes().get(i), x, steps.get(i), grad, needs);
            } else if (layer instanceof TransformerBlock block) {
                grad = new HostTransformer(parallel, block, site.path() + ".", sequence.shapes().get(i), batch,
                        parameters).backward(site.layer(), x, steps.get(i).transformer(), grad, parameterGradients,
                        this::projection, needs);
            } else {
                if (HostLayers.hasParameters(layer)) {
                    dWeight = new double[HostLayers.weightCount(layer)];
                    dBias = new double[HostLayers.biasCount(layer)];
                }
                grad = HostLayers.backward(parallel, layer, site.path(), sequence.shapes().get(i), x, steps.get(i),
                        grad, batch, parameters, dWeight, dBias, needs);
                if (dWeight != null) {
                    parameterGradients.accept(site.path() + "." + HostLayers.weightName(layer), dWeight);
                    if (dBias.length > 0) {
                        parameterGradients.accept(site.path() + ".bias", dBias);
                    }
                }
            }
            Stage starting = startingAt.get(site);
            if (starting != null) {
                consumer.accept(starting.index(), outputGradients[starting.index()], dWeight, dBias);
            }
        }
        return grad;
    }

    /** Hands a transformer block's projection gradients to the consumer of the stage at that site. */
    private void projection(LayerSite site, double[] outputGradient, double[] weightGradient, double[] biasGradient) {
        Stage stage = startingAt.get(site);
        if (stage != null) {
            consumer.accept(stage.index(), outputGradient, weightGradient, biasGradient);
        }
    }

    /** The shortcut first (its stages come after the branch's), then the branch; their input gradients add. */
    private double[] block(ResidualBlock block, int layer, FeatureShape in, double[] x, HostLayers.Step step,
                           double[] dy, boolean needInput) {
        HostResidual.Steps steps = step.block();
        double[] dSum = dy;
        Activation post = block.postActivation().orElse(Activation.IDENTITY);
        if (post != Activation.IDENTITY) {
            double[] y = step.output();
            dSum = new double[dy.length];
            for (int k = 0; k < dSum.length; k++) {
                dSum[k] = dy[k] * post.derivative(steps.sum()[k], y[k]);
            }
        }
        double[] dShortcut = block.shortcut().isEmpty() ? dSum
                : sequence(new Sequence(block.shortcut(), block.shortcutShapes(in),
                        new LayerSite(layer, LayerSite.Segment.SHORTCUT, 0)), steps.shortcut(), x, dSum, 0, needInput);
        double[] dBranch = sequence(new Sequence(block.branch(), block.branchShapes(in),
                new LayerSite(layer, LayerSite.Segment.BRANCH, 0)), steps.branch(), x, dSum, 0, needInput);
        if (!needInput) {
            return null;
        }
        double[] dx = new double[dBranch.length];
        for (int k = 0; k < dx.length; k++) {
            dx[k] = dBranch[k] + dShortcut[k];
        }
        return dx;
    }
}
