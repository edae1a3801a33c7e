package org.initlab.core.backend.kit;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Parameters, batches and tolerant comparisons for the {@link BackendCompatibilityKit}. Everything is drawn
 * from {@link SeededRandom}, so every backend sees exactly the same numbers; no initializer plug-in is
 * involved.
 */
public final class KitFixtures {
    private KitFixtures() {
    }

    /**
     * Parameters with unit-variance pre-activations: weights {@code U(-sqrt(3 / fan_in), sqrt(3 / fan_in))},
     * biases {@code U(-0.5, 0.5)} (non-zero, so that bias gradients matter).
     *
     * @param network the network
     * @param seed    the seed, split per parameter path
     * @return the parameters in network order
     */
    public static ParameterSet parameters(Network network, long seed) {
        SeededRandom root = SeededRandom.of(seed);
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterSpec spec : network.parameters()) {
            SeededRandom random = root.fork(spec.path());
            float[] values = new float[spec.elementCount()];
            double bound = spec.role() == ParameterRole.BIAS ? 0.5
                    : Math.sqrt(3.0 / spec.shape().dim(1));
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextUniform(-bound, bound);
            }
            tensors.add(new ParameterTensor(spec, values));
        }
        return new ParameterSet(tensors);
    }

    /**
     * @param network the network
     * @param value   the value of every scalar parameter
     * @return parameters that all equal {@code value}
     */
    public static ParameterSet constant(Network network, float value) {
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterSpec spec : network.parameters()) {
            float[] values = new float[spec.elementCount()];
            Arrays.fill(values, value);
            tensors.add(new ParameterTensor(spec, values));
        }
        return new ParameterSet(tensors);
    }

    /**
     * A batch of standard normal inputs and uniform labels.
     *
     * @param network the network
     * @param size    the number of samples
     * @param seed    the seed
     * @return the batch, with arrays of exactly the needed length
     */
    public static Batch batch(Network network, int size, long seed) {
        SeededRandom random = SeededRandom.of(seed).fork("batch");
        float[] inputs = new float[size * network.inputWidth()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (float) random.nextGaussian();
        }
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = random.nextInt(network.outputWidth());
        }
        return new Batch(inputs, labels, size);
    }

    /**
     * @return small networks with unusual layer sequences: one dense layer, an activation first, two
     *         activations in a row, an activation after the logits, dense after dense, no parameters at all
     */
    public static Stream<Network> unusualNetworks() {
        return Stream.of(
                new Network(4, List.of(new DenseLayer(4, 2)), "one dense layer"),
                new Network(4, List.of(new ActivationLayer(Activation.SIGMOID), new DenseLayer(4, 3)),
                        "activation first"),
                new Network(4, List.of(new DenseLayer(4, 6), new ActivationLayer(Activation.TANH),
                        new ActivationLayer(Activation.RELU), new DenseLayer(6, 3)), "two activations in a row"),
                new Network(4, List.of(new DenseLayer(4, 5), new ActivationLayer(Activation.GELU),
                        new DenseLayer(5, 3), new ActivationLayer(Activation.ELU)), "activation last"),
                new Network(4, List.of(new DenseLayer(4, 5), new DenseLayer(5, 3)), "dense after dense"),
                new Network(4, List.of(new ActivationLayer(Activation.TANH)), "no parameters at all"));
    }

    /** @return SGD plain, with momentum, Nesterov and weight decay, and Adam with and without weight decay */
    public static Stream<OptimizerSpec> optimizers() {
        return Stream.of(
                new OptimizerSpec.Sgd(0.1, 0, false, 0),
                new OptimizerSpec.Sgd(0.1, 0.9, false, 0),
                new OptimizerSpec.Sgd(0.1, 0.9, true, 0),
                new OptimizerSpec.Sgd(0.1, 0, false, 0.05),
                new OptimizerSpec.Sgd(0.05, 0.8, true, 0.01),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0),
                new OptimizerSpec.Adam(0.02, 0.8, 0.99, 1e-6, 0.1));
    }

    /**
     * Asserts element-wise closeness with a tolerance relative to each element and to the tensor's scale:
     * {@code |actual - expected| <= tolerance * (|expected| + 0.1 max|expected|) + 1e-12}. The scale term
     * keeps elements that are small through cancellation from failing on float rounding alone.
     *
     * @param what      names the compared quantity in the failure message
     * @param actual    the backend's values
     * @param expected  the reference values
     * @param tolerance the relative tolerance
     */
    public static void assertClose(String what, float[] actual, double[] expected, double tolerance) {
        if (actual.length < expected.length) {
            fail("%s: expected %d values, got %d", what, expected.length, actual.length);
        }
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double allowed = tolerance * (Math.abs(expected[i]) + 0.1 * scale) + 1e-12;
            if (!(Math.abs(actual[i] - expected[i]) <= allowed)) {
                fail("%s[%d]: backend %s, reference %s (difference %.3g, allowed %.3g)", what, i, actual[i],
                        expected[i], Math.abs(actual[i] - expected[i]), allowed);
            }
        }
    }

    /**
     * {@link #assertClose(String, float[], double[], double)} for every parameter path.
     *
     * @param what      names the compared quantity
     * @param actual    the backend's tensors
     * @param expected  the reference tensors by path
     * @param tolerance the relative tolerance
     */
    public static void assertClose(String what, ParameterSet actual, Map<String, double[]> expected,
                                   double tolerance) {
        if (!actual.paths().equals(List.copyOf(expected.keySet()))) {
            fail("%s: backend paths %s, reference paths %s", what, actual.paths(), expected.keySet());
        }
        expected.forEach((path, values) -> assertClose(what + " " + path, actual.values(path), values,
                tolerance));
    }

    /**
     * One batch of samples.
     *
     * @param inputs row-major {@code [size, inputWidth]}
     * @param labels class indices
     * @param size   the number of samples
     */
    public record Batch(float[] inputs, int[] labels, int size) {
        /**
         * @param extraSamples how many samples of padding to add
         * @param pad          the value of the padding inputs
         * @return a copy whose arrays are longer than needed, with the padding after the real samples
         */
        public Batch padded(int extraSamples, float pad) {
            int width = inputs.length / size;
            float[] longer = Arrays.copyOf(inputs, inputs.length + extraSamples * width);
            Arrays.fill(longer, inputs.length, longer.length, pad);
            int[] longerLabels = Arrays.copyOf(labels, labels.length + extraSamples);
            Arrays.fill(longerLabels, labels.length, longerLabels.length, Integer.MAX_VALUE);
            return new Batch(longer, longerLabels, size);
        }
    }
}
