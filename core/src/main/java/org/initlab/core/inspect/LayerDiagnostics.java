package org.initlab.core.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.initlab.core.data.Dataset;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Activation;
import org.initlab.core.model.Network;
import org.initlab.spi.ParameterSpec;

/**
 * Measures {@link LayerStatistics} of every dense layer from one forward and one backward pass of a batch on
 * the host ({@link HostNetwork}, double precision): no backend is involved, so the numbers are the same for
 * every backend and need no device.
 */
public final class LayerDiagnostics {
    private static final double TANH_SATURATION = 0.99;
    private static final double SIGMOID_LOW = 0.01;
    private static final double SIGMOID_HIGH = 0.99;

    private LayerDiagnostics() {
    }

    /**
     * Measures a network's layers without theoretical weight scales or update ratios.
     *
     * @param network    the network
     * @param parameters its parameters
     * @param batch      the samples to run; labels must be below the network's outputs
     * @return one entry per dense layer, in order
     * @throws IllegalArgumentException when the batch does not fit the network
     */
    public static List<LayerStatistics> measure(Network network, ParameterSet parameters, Dataset batch) {
        return measure(network, parameters, batch, p -> OptionalDouble.empty(), Optional.empty());
    }

    /**
     * Measures a network's layers.
     *
     * @param network    the network
     * @param parameters its parameters
     * @param batch      the samples to run; labels must be below the network's outputs
     * @param theoryStd  the theoretical standard deviation of a weight tensor, e.g. its initializer's
     *                   {@link org.initlab.spi.Initializer#expectedStd}
     * @param previous   earlier parameters of the same network, for {@link LayerStatistics#updateRatio()}
     * @return one entry per dense layer, in order
     * @throws IllegalArgumentException when the batch does not fit the network
     */
    public static List<LayerStatistics> measure(Network network, ParameterSet parameters, Dataset batch,
                                                Function<ParameterSpec, OptionalDouble> theoryStd,
                                                Optional<ParameterSet> previous) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(theoryStd, "theoryStd");
        Objects.requireNonNull(previous, "previous");
        if (batch.featureCount() != network.inputWidth() || batch.size() == 0) {
            throw new IllegalArgumentException("batch '" + batch.name() + "' has " + batch.size() + " samples of "
                    + batch.featureCount() + " features but model " + network.spec() + " needs samples of "
                    + network.inputWidth());
        }
        HostNetwork host = new HostNetwork(network);
        int n = batch.size();
        int width = batch.featureCount();
        float[] inputs = new float[n * width];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            batch.copyFeatures(i, inputs, i * width);
            labels[i] = batch.label(i);
            if (labels[i] >= network.outputWidth()) {
                throw new IllegalArgumentException("batch '" + batch.name() + "' has label " + labels[i]
                        + " but model " + network.spec() + " has only " + network.outputWidth() + " outputs");
            }
        }
        HostNetwork.Trace trace = host.forward(parameters::values, inputs, n);
        List<HostNetwork.Stage> stages = host.stages();
        int count = stages.size();
        double[] gradientStd = new double[count];
        double[] weightGradientStd = new double[count];
        int[] symmetric = new int[count];
        host.backward(trace, parameters::values, labels, (s, dActivation, dWeight, dBias) -> {
            gradientStd[s] = Moments.of(dActivation).std();
            weightGradientStd[s] = Moments.of(dWeight).std();
            HostNetwork.Stage stage = stages.get(s);
            if (s < count - 1) {
                symmetric[s] = SymmetricUnits.count(parameters.values(stage.weightPath()),
                        parameters.values(stage.biasPath()), dWeight, dBias, stage.layer().outputs(),
                        stage.layer().inputs());
            }
        });
        List<LayerStatistics> result = new ArrayList<>();
        double previousSecondMoment = Double.NaN;
        for (HostNetwork.Stage stage : stages) {
            int s = stage.index();
            int units = stage.layer().outputs();
            double[] z = trace.preActivation(s);
            double[] a = trace.activation(s);
            Moments pre = Moments.of(z);
            Moments act = Moments.of(a);
            float[] weight = parameters.values(stage.weightPath());
            float[] bias = parameters.values(stage.biasPath());
            Moments w = Moments.of(weight);
            ParameterSpec weightSpec = parameters.find(stage.weightPath()).orElseThrow().spec();
            OptionalDouble ratio = OptionalDouble.empty();
            OptionalDouble ratioTheory = OptionalDouble.empty();
            if (s > 0) {
                ratio = OptionalDouble.of(pre.secondMoment() / previousSecondMoment);
                ratioTheory = OptionalDouble.of(VarianceTheory.predictedRatio(stage.layer().inputs(),
                        w.secondMoment(), Moments.of(bias).secondMoment(), stages.get(s - 1).activation(),
                        previousSecondMoment));
            }
            OptionalDouble update = previous.map(p -> updateRatio(weight, p.values(stage.weightPath())))
                    .map(OptionalDouble::of).orElse(OptionalDouble.empty());
            result.add(new LayerStatistics(s + 1, Integer.toString(stage.layerIndex()), units, stage.activation(),
                    pre.mean(), pre.std(), pre.secondMoment(), act.mean(), act.std(),
                    saturated(stage.activation(), a), dead(stage.activation(), z, n, units), w.std(),
                    theoryStd.apply(weightSpec), gradientStd[s], weightGradientStd[s], ratio, ratioTheory,
                    symmetric[s], update));
            previousSecondMoment = pre.secondMoment();
        }
        return List.copyOf(result);
    }

    private static double saturated(Activation activation, double[] a) {
        if (activation != Activation.TANH && activation != Activation.SIGMOID) {
            return 0;
        }
        long count = 0;
        for (double v : a) {
            boolean flat = activation == Activation.TANH ? Math.abs(v) > TANH_SATURATION
                    : v < SIGMOID_LOW || v > SIGMOID_HIGH;
            count += flat ? 1 : 0;
        }
        return (double) count / a.length;
    }

    private static double dead(Activation activation, double[] z, int batch, int units) {
        if (activation != Activation.RELU && activation != Activation.LEAKY_RELU) {
            return 0;
        }
        int dead = 0;
        for (int o = 0; o < units; o++) {
            boolean alive = false;
            for (int b = 0; b < batch && !alive; b++) {
                alive = z[b * units + o] > 0;
            }
            dead += alive ? 0 : 1;
        }
        return (double) dead / units;
    }

    private static double updateRatio(float[] current, float[] previous) {
        double diff = 0;
        double norm = 0;
        for (int k = 0; k < current.length; k++) {
            double d = current[k] - previous[k];
            diff += d * d;
            norm += (double) previous[k] * previous[k];
        }
        return Math.sqrt(diff) / Math.sqrt(norm);
    }

    /** Mean, second moment and population standard deviation (two-pass, no cancellation) of an array. */
    private record Moments(double mean, double secondMoment, double std) {
        static Moments of(double[] values) {
            double sum = 0;
            double squares = 0;
            for (double v : values) {
                sum += v;
                squares += v * v;
            }
            double mean = sum / values.length;
            double deviations = 0;
            for (double v : values) {
                deviations += (v - mean) * (v - mean);
            }
            return new Moments(mean, squares / values.length, Math.sqrt(deviations / values.length));
        }

        static Moments of(float[] values) {
            double[] copy = new double[values.length];
            for (int k = 0; k < values.length; k++) {
                copy[k] = values[k];
            }
            return of(copy);
        }
    }
}
