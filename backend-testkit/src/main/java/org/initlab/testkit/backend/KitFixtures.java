package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
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
    /** Logits and evaluation-mode values against the reference: relative to each value and to the tensor. */
    public static final double FORWARD_TOLERANCE = 1e-4;
    /** Gradients against the reference's backpropagation. */
    public static final double GRADIENT_TOLERANCE = 1e-4;
    /** Gradients against central finite differences (which carry their own truncation error). */
    public static final double FINITE_DIFFERENCE_TOLERANCE = 1e-3;
    /** Gradients through training-mode batch normalization, whose backward pass cancels batch means. */
    public static final double BATCH_NORM_GRADIENT_TOLERANCE = 1e-3;
    /** Losses (relative to {@code 1 + |loss|}) and parameters after optimizer steps. */
    public static final double LOSS_TOLERANCE = 1e-5;
    /** Plain SGD with learning rate 0.1: no optimizer state, so an update is {@code p - 0.1 g}. */
    public static final OptimizerSpec PLAIN_SGD = new OptimizerSpec.Sgd(0.1, 0, false, 0);

    private KitFixtures() {
    }

    /**
     * Parameters with unit-variance pre-activations: weights and kernels
     * {@code U(-sqrt(3 / fan_in), sqrt(3 / fan_in))} (PyTorch's fan in, {@code in / groups * k * k} for a
     * kernel), biases and normalization shifts {@code U(-0.5, 0.5)} (non-zero, so that bias gradients matter),
     * normalization scales {@code U(0.5, 1.5)}.
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
            double low;
            double high;
            if (spec.role() == ParameterRole.OTHER) {
                low = 0.5;
                high = 1.5;
            } else {
                high = spec.role() == ParameterRole.BIAS ? 0.5 : Math.sqrt(3.0 / spec.fans().fanIn());
                low = -high;
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextUniform(low, high);
            }
            tensors.add(new ParameterTensor(spec, values));
        }
        return new ParameterSet(tensors);
    }

    /**
     * @param network the network
     * @param values  the values of each parameter by path in network order (a reference's gradients, say)
     * @return the parameters, rounded to float
     */
    public static ParameterSet parametersOf(Network network, Map<String, double[]> values) {
        return parametersOf(network, values.values().stream().map(v -> {
            float[] f = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                f[k] = (float) v[k];
            }
            return f;
        }).toArray(float[][]::new));
    }

    /**
     * @param network the network
     * @param values  the values of each parameter in network order, each of the parameter's length
     * @return the parameters
     */
    public static ParameterSet parametersOf(Network network, float[]... values) {
        List<ParameterSpec> specs = network.parameters();
        if (specs.size() != values.length) {
            throw new IllegalArgumentException(network + " has " + specs.size() + " parameters, got " + values.length);
        }
        List<ParameterTensor> tensors = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            tensors.add(new ParameterTensor(specs.get(i), values[i].clone()));
        }
        return new ParameterSet(tensors);
    }

    /**
     * @param parameters parameters of one network
     * @param network    another network with parameters of the same shapes in the same order (for example
     *                   the same network without its dropout layers, whose indices differ)
     * @return the same values under the other network's paths
     */
    public static ParameterSet sameValuesFor(ParameterSet parameters, Network network) {
        return parametersOf(network, parameters.tensors().stream().map(t -> t.values()).toArray(float[][]::new));
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
     * {@link #assertClose(String, ParameterSet, Map, double)} with a floor relative to the largest gradient of
     * the whole set: {@code |actual - expected| <= tolerance * (|expected| + 0.1 max_tensor|expected| + 0.01
     * max_set|expected|)}. Needed where a gradient is zero in exact arithmetic but float rounding leaves noise,
     * as for the bias of a layer followed by batch normalization (the normalization removes it).
     *
     * @param what      names the compared quantity
     * @param actual    the backend's gradients
     * @param expected  the reference gradients by path
     * @param tolerance the relative tolerance
     */
    public static void assertGradientsClose(String what, ParameterSet actual, Map<String, double[]> expected,
                                            double tolerance) {
        if (!actual.paths().equals(List.copyOf(expected.keySet()))) {
            fail("%s: backend paths %s, reference paths %s", what, actual.paths(), expected.keySet());
        }
        double setScale = 0;
        for (double[] values : expected.values()) {
            setScale = Math.max(setScale, maxAbs(values));
        }
        for (Map.Entry<String, double[]> entry : expected.entrySet()) {
            double[] reference = entry.getValue();
            float[] backend = actual.values(entry.getKey());
            double tensorScale = maxAbs(reference);
            for (int i = 0; i < reference.length; i++) {
                double allowed = tolerance * (Math.abs(reference[i]) + 0.1 * tensorScale + 0.01 * setScale) + 1e-12;
                if (!(Math.abs(backend[i] - reference[i]) <= allowed)) {
                    fail("%s %s[%d]: backend %s, reference %s (difference %.3g, allowed %.3g)", what,
                            entry.getKey(), i, backend[i], reference[i], Math.abs(backend[i] - reference[i]), allowed);
                }
            }
        }
    }

    private static double maxAbs(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /**
     * @param actual   tensors to check
     * @param expected tensors they must equal bit for bit, in the same order (paths may differ)
     */
    public static void assertSameValuesInOrder(ParameterSet actual, ParameterSet expected) {
        assertThat(actual.tensors()).hasSameSizeAs(expected.tensors());
        for (int i = 0; i < expected.tensors().size(); i++) {
            assertThat(actual.tensors().get(i).values()).as(actual.tensors().get(i).spec().path())
                    .containsExactly(expected.tensors().get(i).values());
        }
    }

    /**
     * @param actual    the backend's tensors
     * @param expected  the reference tensors by path
     * @param tolerance the relative tolerance
     * @return whether {@link #assertGradientsClose} would pass
     */
    public static boolean gradientsClose(ParameterSet actual, Map<String, double[]> expected, double tolerance) {
        try {
            assertGradientsClose("", actual, expected, tolerance);
            return true;
        } catch (AssertionError e) {
            return false;
        }
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
