package org.initlab.core.host;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.TransformerBlock;

/**
 * A double-precision forward and backward pass of any {@link Network} (dense, convolution, pooling, flatten,
 * batch, layer and RMS normalization, dropout and activation layers, residual blocks with their gates and
 * scalar biases, and the vision transformer's patch embedding, class token, positional embedding, transformer
 * blocks and token pooling) with PyTorch's mean softmax cross-entropy over the logits, for diagnostics and data-dependent
 * initialization.
 *
 * <p>The network is cut into {@link Stage stages}: each weighted layer with the layers after it up to the next
 * weighted layer of its sequence (the trunk, a residual block's branch or its shortcut). Layers before the
 * first weighted layer (a flatten, a pooling) run but belong to no stage, and so do a block's sum and
 * post-activation and the layers between a block and the next weighted layer.
 *
 * <p>The pass is that of a freshly initialized network in its first training step, made deterministic: batch
 * normalization normalizes with the batch's own statistics (biased variance, as PyTorch's training mode) and
 * keeps no running statistics; dropout is the identity, because diagnostics are about the deterministic
 * network and a random mask would make them depend on a draw.
 *
 * <p>Parameters are read through a lookup by path ({@code 0.weight}, {@code 1.bias}), so the caller decides
 * where they live. The passes use as many threads as the network was created with (a fork-join pool of its own,
 * never the common pool; {@link #close()} stops it); each output element is computed by one thread summing in a
 * fixed order, so results are bit-identical whatever the thread count.
 */
@API(status = INTERNAL, since = "0.1")
public final class HostNetwork implements AutoCloseable {
    private final Network network;
    private final List<FeatureShape> shapes;
    private final List<Stage> stages;
    private final int firstParameterLayer;
    private final Parallel parallel;

    /**
     * A host network on every available processor.
     *
     * @param network the network
     * @throws IllegalArgumentException when the network has no dense or convolution layer
     */
    public HostNetwork(Network network) {
        this(network, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param network the network
     * @param threads the most threads a pass may use, {@code >= 1} (the user's {@code --threads})
     * @throws IllegalArgumentException when the network has no dense or convolution layer or threads is below 1
     */
    public HostNetwork(Network network, int threads) {
        this.parallel = new Parallel(threads);
        this.network = Objects.requireNonNull(network, "network");
        this.shapes = network.shapes();
        this.stages = StageCut.of(network);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("host diagnostics need at least one dense or convolution layer; "
                    + network.spec() + " has none");
        }
        List<Layer> layers = network.layers();
        int first = 0;
        while (!hasParameters(layers.get(first))) {
            first++;
        }
        this.firstParameterLayer = first;
    }

    private static boolean hasParameters(Layer layer) {
        return HostLayers.hasParameters(layer) || layer instanceof ResidualBlock || layer instanceof TransformerBlock;
    }

    /** @return the network */
    public Network network() {
        return network;
    }

    /** @return the most threads a pass uses */
    public int threads() {
        return parallel.threads();
    }

    /** Stops the pass threads, if any were started; the network must not be used afterwards. */
    @Override
    public void close() {
        parallel.close();
    }

    /** @return the stages in order, one per weighted layer */
    public List<Stage> stages() {
        return stages;
    }

    /**
     * Runs a batch forward up to and including one weighted layer and returns its pre-activations.
     *
     * @param parameters looks parameters up by path
     * @param inputs     {@code [batch, inputWidth]} row-major, may be longer
     * @param batch      the number of samples, {@code >= 1}
     * @param last       the index in {@link #stages()} of the stage whose pre-activations are wanted
     * @return {@code [batch, units]} pre-activations of its weighted layer ({@code units = C*H*W} for a
     *         convolution, in {@code (c, y, x)} order)
     */
    public double[] preActivations(Function<String, float[]> parameters, float[] inputs, int batch, int last) {
        Objects.checkIndex(last, stages.size());
        checkBatch(batch);
        double[] x = toDouble(inputs, batch * network.inputWidth());
        return preActivationsFrom(parameters, forwardLayers(parameters, x, batch, 0, stages.get(last).layerIndex()),
                batch, last);
    }

    /**
     * The pre-activations of a stage from the input of the network layer that holds it: the weighted layer
     * itself, or the residual block whose branch or shortcut it is in (of which only the layers up to the
     * weighted one run).
     *
     * @param parameters looks parameters up by path
     * @param x          the input of layer {@link Stage#layerIndex()} of the stage, {@code [batch, its size]}
     * @param batch      the number of samples, {@code >= 1}
     * @param stage      the index in {@link #stages()} of the stage
     * @return {@code [batch, units]} pre-activations of its weighted layer
     * @throws IllegalArgumentException when {@code x} does not hold {@code batch} inputs of that layer
     */
    public double[] preActivationsFrom(Function<String, float[]> parameters, double[] x, int batch, int stage) {
        Objects.checkIndex(stage, stages.size());
        LayerSite site = stages.get(stage).site();
        if (!site.inBlock()) {
            return forwardLayers(parameters, x, batch, site.layer(), site.layer() + 1);
        }
        checkBatch(batch);
        FeatureShape in = shapes.get(site.layer());
        if (x.length != batch * in.size()) {
            throw new IllegalArgumentException("layer " + site.layer() + " needs " + batch + " x " + in.size()
                    + " inputs, got " + x.length);
        }
        if (site.inTransformer()) {
            return HostLayers.forward(parallel, network.layers().get(site.layer()), Integer.toString(site.layer()), in,
                    x, batch, parameters).transformer().output(site);
        }
        ResidualBlock block = (ResidualBlock) network.layers().get(site.layer());
        boolean branch = site.segment() == LayerSite.Segment.BRANCH;
        List<HostLayers.Step> steps = HostResidual.run(parallel, branch ? block.branch() : block.shortcut(),
                site.layer() + (branch ? ".branch." : ".shortcut."),
                branch ? block.branchShapes(in) : block.shortcutShapes(in), x, batch, parameters,
                site.position() + 1);
        return steps.get(site.position()).output();
    }

    /**
     * Runs a batch through a range of layers, for callers that keep an intermediate result (a probe that
     * rescales one layer at a time need not rerun the layers before it).
     *
     * @param parameters looks parameters up by path
     * @param x          the input of layer {@code from}, {@code [batch, its input size]} (not modified)
     * @param batch      the number of samples, {@code >= 1}
     * @param from       the first layer to run
     * @param to         one past the last layer to run, {@code from <= to <= layers}
     * @return the output of layer {@code to - 1}; {@code x} itself when the range is empty
     * @throws IllegalArgumentException when {@code x} does not hold {@code batch} inputs of layer {@code from}
     */
    public double[] forwardLayers(Function<String, float[]> parameters, double[] x, int batch, int from, int to) {
        Objects.checkFromToIndex(from, to, network.layers().size());
        checkBatch(batch);
        if (x.length != batch * shapes.get(from).size()) {
            throw new IllegalArgumentException("layer " + from + " needs " + batch + " x " + shapes.get(from).size()
                    + " inputs, got " + x.length);
        }
        double[] y = x;
        for (int i = from; i < to; i++) {
            y = HostLayers.forward(parallel, network.layers().get(i), Integer.toString(i), shapes.get(i), y, batch,
                    parameters).output();
        }
        return y;
    }

    /**
     * @param inputs {@code [batch, inputWidth]} row-major, may be longer
     * @param batch  the number of samples, {@code >= 1}
     * @return the inputs in double precision, exactly {@code batch * inputWidth} values
     */
    public double[] inputs(float[] inputs, int batch) {
        checkBatch(batch);
        return toDouble(inputs, batch * network.inputWidth());
    }

    /**
     * Runs a batch forward through the whole network, keeping every layer's output for {@link #backward}.
     *
     * @param parameters looks parameters up by path
     * @param inputs     {@code [batch, inputWidth]} row-major, may be longer
     * @param batch      the number of samples, {@code >= 1}
     * @return the trace
     */
    public HostTrace forward(Function<String, float[]> parameters, float[] inputs, int batch) {
        checkBatch(batch);
        double[] input = toDouble(inputs, batch * network.inputWidth());
        List<HostLayers.Step> steps = new ArrayList<>();
        double[] x = input;
        for (int i = 0; i < network.layers().size(); i++) {
            HostLayers.Step step = HostLayers.forward(parallel, network.layers().get(i), Integer.toString(i),
                    shapes.get(i), x, batch, parameters);
            steps.add(step);
            x = step.output();
        }
        return new HostTrace(network, batch, input, steps, stages);
    }

    /**
     * Backpropagates the mean softmax cross-entropy of a trace, last layer first, handing each stage's
     * gradients to {@code consumer}.
     *
     * @param trace      a trace of {@link #forward} with the same parameters
     * @param parameters looks parameters up by path
     * @param labels     one class per sample, each in {@code [0, outputs)}
     * @param consumer   receives the gradients of each stage, last stage first (the stages of a block's
     *                   shortcut before those of its branch)
     * @return the mean loss of the batch
     * @throws IllegalArgumentException for a label outside the network's outputs
     */
    public double backward(HostTrace trace, Function<String, float[]> parameters, int[] labels,
                           GradientConsumer consumer) {
        return backward(trace, parameters, labels, consumer, (path, gradient) -> {
        });
    }

    /**
     * Backpropagates like {@link #backward(HostTrace, Function, int[], GradientConsumer)} and also hands the
     * gradient of every learnable parameter, batch normalization's {@code weight} and {@code bias} included,
     * to {@code parameterGradients} by path (arrays are fresh; the consumer may keep them).
     *
     * @param trace              a trace of {@link #forward} with the same parameters
     * @param parameters         looks parameters up by path
     * @param labels             one class per sample, each in {@code [0, outputs)}
     * @param consumer           receives the gradients of each stage, last stage first
     * @param parameterGradients receives {@code (path, dL/dparameter)} in the parameter's own layout
     * @return the mean loss of the batch
     * @throws IllegalArgumentException for a label outside the network's outputs
     */
    public double backward(HostTrace trace, Function<String, float[]> parameters, int[] labels,
                           GradientConsumer consumer, BiConsumer<String, double[]> parameterGradients) {
        int batch = trace.batch();
        double[] grad = new double[batch * network.outputWidth()];
        double loss = SoftmaxCrossEntropy.lossAndGradient(trace.logits(), labels, network.outputWidth(), grad);
        new HostBackward(parallel, parameters, batch, stages, consumer, parameterGradients).sequence(
                new HostBackward.Sequence(network.layers(), shapes, LayerSite.trunk(0)), trace.steps(),
                trace.input(), grad, firstParameterLayer, false);
        return loss;
    }

    private static void checkBatch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
    }

    private static double[] toDouble(float[] inputs, int length) {
        if (inputs.length < length) {
            throw new IllegalArgumentException("inputs need " + length + " values, got " + inputs.length);
        }
        double[] x = new double[length];
        for (int k = 0; k < length; k++) {
            x[k] = inputs[k];
        }
        return x;
    }

    /** Receives the gradients of one stage during {@link #backward}. */
    @FunctionalInterface
    public interface GradientConsumer {
        /**
         * @param stage          the stage's index in {@link #stages()}
         * @param outputGradient dL/dx for the stage's output {@code x} (the next weighted layer's input;
         *                       dL/dlogits for the last stage), {@code [batch, output width]}
         * @param weightGradient dL/dW in the weight's layout ({@code [units, inputs]} for a dense layer,
         *                       {@code [out, in/groups, k, k]} for a convolution)
         * @param biasGradient   dL/db, {@code [units]}
         */
        void accept(int stage, double[] outputGradient, double[] weightGradient, double[] biasGradient);
    }
}
