package org.initlab.core.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;

/**
 * A double-precision forward and backward pass of a {@link Network} whose layers are dense layers, each
 * followed by at most one activation: pre-activation {@code z = x W^T + b}, activation {@code a = phi(z)},
 * and PyTorch's mean softmax cross-entropy over the last layer's output.
 *
 * <p>Parameters are read through a lookup by path ({@code 0.weight}, {@code 0.bias}), so the caller decides
 * where they live (a {@code ParameterSet}, a probe's working copy). Each output element is computed by one
 * thread in a fixed order, so results are bit-identical however many threads the common pool has. Work is
 * split over rows with parallel streams when a layer is large enough to pay for it.
 */
public final class HostNetwork {
    private static final long PARALLEL_WORK = 1L << 16;

    private final Network network;
    private final List<Stage> stages;

    /**
     * @param network the network
     * @throws IllegalArgumentException when a layer is not a dense layer followed by at most one activation
     */
    public HostNetwork(Network network) {
        this.network = Objects.requireNonNull(network, "network");
        List<Stage> list = new ArrayList<>();
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof DenseLayer dense)) {
                throw new IllegalArgumentException("host diagnostics need dense layers each followed by at most "
                        + "one activation; layer " + i + " of " + network.spec() + " is " + layers.get(i));
            }
            int layerIndex = i;
            Activation activation = Activation.IDENTITY;
            if (i + 1 < layers.size() && layers.get(i + 1) instanceof ActivationLayer a) {
                activation = a.activation();
                i++;
            }
            list.add(new Stage(list.size(), layerIndex, dense, activation));
        }
        this.stages = List.copyOf(list);
    }

    /** @return the network */
    public Network network() {
        return network;
    }

    /** @return the dense layers in order, each with the activation that follows it */
    public List<Stage> stages() {
        return stages;
    }

    /**
     * Runs a batch forward up to and including one dense layer and returns its pre-activations.
     *
     * @param parameters looks parameters up by path
     * @param inputs     {@code [batch, inputWidth]} row-major, may be longer
     * @param batch      the number of samples, {@code >= 1}
     * @param last       the index of the dense layer whose pre-activations are wanted (an index into
     *                   {@link #stages()})
     * @return {@code [batch, units]} pre-activations of that layer
     */
    public double[] preActivations(Function<String, float[]> parameters, float[] inputs, int batch, int last) {
        Objects.checkIndex(last, stages.size());
        double[] x = toDouble(inputs, batch * network.inputWidth());
        for (int s = 0; ; s++) {
            Stage stage = stages.get(s);
            double[] z = dense(x, batch, stage.layer(), weights(parameters, stage), bias(parameters, stage));
            if (s == last) {
                return z;
            }
            x = activate(stage.activation(), z);
        }
    }

    /**
     * Runs a batch forward through the whole network, keeping every layer's input, pre-activations and
     * activations for {@link #backward}.
     *
     * @param parameters looks parameters up by path
     * @param inputs     {@code [batch, inputWidth]} row-major, may be longer
     * @param batch      the number of samples, {@code >= 1}
     * @return the trace
     */
    public Trace forward(Function<String, float[]> parameters, float[] inputs, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        double[] input = toDouble(inputs, batch * network.inputWidth());
        List<double[]> pre = new ArrayList<>();
        List<double[]> post = new ArrayList<>();
        double[] x = input;
        for (Stage stage : stages) {
            double[] z = dense(x, batch, stage.layer(), weights(parameters, stage), bias(parameters, stage));
            double[] a = activate(stage.activation(), z);
            pre.add(z);
            post.add(a);
            x = a;
        }
        return new Trace(batch, input, pre, post);
    }

    /**
     * Backpropagates the mean softmax cross-entropy of a trace, last layer first, handing each dense layer's
     * gradients to {@code consumer} (arrays are fresh per layer; the consumer may keep them).
     *
     * @param trace      a trace of {@link #forward} with the same parameters
     * @param parameters looks parameters up by path
     * @param labels     one class per sample, each in {@code [0, outputs)}
     * @param consumer   receives the gradients of each dense layer
     * @return the mean loss of the batch
     * @throws IllegalArgumentException for a label outside the network's outputs
     */
    public double backward(Trace trace, Function<String, float[]> parameters, int[] labels,
                           GradientConsumer consumer) {
        int batch = trace.batch();
        int classes = network.outputWidth();
        double[] logits = trace.activation(stages.size() - 1);
        double[] grad = new double[batch * classes];
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            int label = labels[b];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of sample " + b + " is outside 0.."
                        + (classes - 1));
            }
            int row = b * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[row + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(logits[row + c] - max);
                grad[row + c] = e;
                sum += e;
            }
            loss += Math.log(sum) + max - logits[row + label];
            for (int c = 0; c < classes; c++) {
                grad[row + c] = (grad[row + c] / sum - (c == label ? 1 : 0)) / batch;
            }
        }
        double[] dActivation = grad;
        for (int s = stages.size() - 1; s >= 0; s--) {
            Stage stage = stages.get(s);
            int in = stage.layer().inputs();
            int out = stage.layer().outputs();
            double[] z = trace.preActivation(s);
            double[] a = trace.activation(s);
            double[] x = s == 0 ? trace.input() : trace.activation(s - 1);
            double[] dz = new double[batch * out];
            Activation phi = stage.activation();
            for (int k = 0; k < dz.length; k++) {
                dz[k] = phi == Activation.IDENTITY ? dActivation[k] : dActivation[k] * phi.derivative(z[k], a[k]);
            }
            double[] dWeight = new double[out * in];
            double[] dBias = new double[out];
            parallel(out, (long) batch * in, o -> {
                int w = o * in;
                double db = 0;
                for (int b = 0; b < batch; b++) {
                    double d = dz[b * out + o];
                    db += d;
                    if (d != 0) {
                        int xr = b * in;
                        for (int i = 0; i < in; i++) {
                            dWeight[w + i] += d * x[xr + i];
                        }
                    }
                }
                dBias[o] = db;
            });
            double[] dInput = null;
            if (s > 0) {
                float[] weight = weights(parameters, stage);
                double[] dx = new double[batch * in];
                parallel(batch, (long) out * in, b -> {
                    int xr = b * in;
                    for (int o = 0; o < out; o++) {
                        double d = dz[b * out + o];
                        if (d != 0) {
                            int w = o * in;
                            for (int i = 0; i < in; i++) {
                                dx[xr + i] += d * weight[w + i];
                            }
                        }
                    }
                });
                dInput = dx;
            }
            consumer.accept(s, dActivation, dWeight, dBias);
            dActivation = dInput;
        }
        return loss / batch;
    }

    private double[] dense(double[] x, int batch, DenseLayer layer, float[] weight, float[] bias) {
        int in = layer.inputs();
        int out = layer.outputs();
        double[] transposed = new double[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = weight[o * in + i];
            }
        }
        double[] z = new double[batch * out];
        parallel(batch, (long) in * out, b -> {
            int zr = b * out;
            for (int o = 0; o < out; o++) {
                z[zr + o] = bias[o];
            }
            int xr = b * in;
            for (int i = 0; i < in; i++) {
                double v = x[xr + i];
                if (v != 0) {
                    int t = i * out;
                    for (int o = 0; o < out; o++) {
                        z[zr + o] += v * transposed[t + o];
                    }
                }
            }
        });
        return z;
    }

    private static double[] activate(Activation activation, double[] z) {
        if (activation == Activation.IDENTITY) {
            return z;
        }
        double[] a = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            a[k] = activation.apply(z[k]);
        }
        return a;
    }

    private float[] weights(Function<String, float[]> parameters, Stage stage) {
        return checked(parameters, stage.weightPath(), stage.layer().outputs() * stage.layer().inputs());
    }

    private float[] bias(Function<String, float[]> parameters, Stage stage) {
        return checked(parameters, stage.biasPath(), stage.layer().outputs());
    }

    private static float[] checked(Function<String, float[]> parameters, String path, int length) {
        float[] values = parameters.apply(path);
        if (values == null || values.length != length) {
            throw new IllegalArgumentException("parameter " + path + " needs " + length + " values, got "
                    + (values == null ? "none" : values.length));
        }
        return values;
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

    private static void parallel(int rows, long workPerRow, IntConsumer body) {
        if (rows * workPerRow < PARALLEL_WORK || rows < 2) {
            for (int r = 0; r < rows; r++) {
                body.accept(r);
            }
        } else {
            IntStream.range(0, rows).parallel().forEach(body);
        }
    }

    /**
     * One dense layer with the activation that follows it.
     *
     * @param index      its position among the dense layers, from 0
     * @param layerIndex its index in {@link Network#layers()} (the PyTorch {@code nn.Sequential} index that
     *                   names its parameters)
     * @param layer      the dense layer
     * @param activation the activation that follows it, {@link Activation#IDENTITY} when none does
     */
    public record Stage(int index, int layerIndex, DenseLayer layer, Activation activation) {
        /** Validates the components. */
        public Stage {
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(activation, "activation");
        }

        /** @return the path of the weight, e.g. {@code 2.weight} */
        public String weightPath() {
            return layerIndex + ".weight";
        }

        /** @return the path of the bias, e.g. {@code 2.bias} */
        public String biasPath() {
            return layerIndex + ".bias";
        }
    }

    /** Receives the gradients of one dense layer during {@link #backward}. */
    @FunctionalInterface
    public interface GradientConsumer {
        /**
         * @param stage              the dense layer's index in {@link #stages()}
         * @param activationGradient dL/da for the layer's activation (dL/dlogits for the last layer),
         *                           {@code [batch, units]}
         * @param weightGradient     dL/dW, {@code [units, inputs]}
         * @param biasGradient       dL/db, {@code [units]}
         */
        void accept(int stage, double[] activationGradient, double[] weightGradient, double[] biasGradient);
    }

    /**
     * The values a forward pass computed: the input and, per dense layer, its pre-activations and
     * activations (the same array when no activation follows). Arrays are shared, not copied: do not modify
     * them.
     */
    public static final class Trace {
        private final int batch;
        private final double[] input;
        private final List<double[]> pre;
        private final List<double[]> post;

        Trace(int batch, double[] input, List<double[]> pre, List<double[]> post) {
            this.batch = batch;
            this.input = input;
            this.pre = List.copyOf(pre);
            this.post = List.copyOf(post);
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
         * @param stage a dense layer's index in {@link #stages()}
         * @return its pre-activations {@code [batch, units]}
         */
        public double[] preActivation(int stage) {
            return pre.get(stage);
        }

        /**
         * @param stage a dense layer's index in {@link #stages()}
         * @return its activations {@code [batch, units]} (the logits for the last layer)
         */
        public double[] activation(int stage) {
            return post.get(stage);
        }
    }
}
