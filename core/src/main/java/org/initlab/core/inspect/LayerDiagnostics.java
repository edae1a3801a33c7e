package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.initlab.core.data.Dataset;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.host.HostTrace;
import org.initlab.core.host.LayerSite;
import org.initlab.core.host.Stage;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.TensorMoments;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.Network;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.core.model.ScalarLayer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterSpec;

/**
 * Measures {@link LayerStatistics} of every weighted layer (dense or convolution, with the layers after it up
 * to the next one: its {@link Stage}) from one forward and one backward pass of a batch on the host
 * ({@link HostNetwork}, double precision): no backend is involved, so the numbers are the same for every
 * backend and need no device. Batch normalization uses the batch's statistics, as in a first training step;
 * dropout is the identity, so the diagnosis is of the deterministic network.
 */
@API(status = INTERNAL, since = "0.1")
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
     * @return one entry per weighted layer, in order
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
     * @return one entry per weighted layer, in order
     * @throws IllegalArgumentException when the batch does not fit the network
     */
    public static List<LayerStatistics> measure(Network network, ParameterSet parameters, Dataset batch,
                                                Function<ParameterSpec, OptionalDouble> theoryStd,
                                                Optional<ParameterSet> previous) {
        return measure(network, parameters, batch, theoryStd, previous, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Measures a network's layers like {@link #measure(Network, ParameterSet, Dataset, Function, Optional)}, on at
     * most {@code threads} threads.
     *
     * @param network    the network
     * @param parameters its parameters
     * @param batch      the samples to run; labels must be below the network's outputs
     * @param theoryStd  the theoretical weight std per weight parameter
     * @param previous   earlier parameters of the same network, for {@link LayerStatistics#updateRatio()}
     * @param threads    the most threads the host pass uses (the user's {@code --threads}), {@code >= 1}
     * @return one entry per weighted layer, in order
     * @throws IllegalArgumentException when the batch does not fit the network
     */
    public static List<LayerStatistics> measure(Network network, ParameterSet parameters, Dataset batch,
                                                Function<ParameterSpec, OptionalDouble> theoryStd,
                                                Optional<ParameterSet> previous, int threads) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(theoryStd, "theoryStd");
        Objects.requireNonNull(previous, "previous");
        if (batch.featureCount() != network.inputWidth() || batch.size() == 0) {
            throw new IllegalArgumentException("batch '" + batch.name() + "' has " + batch.size() + " samples of "
                    + batch.featureCount() + " features but model " + network.spec() + " needs samples of "
                    + network.inputWidth());
        }
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
        HostTrace trace;
        List<Stage> stages;
        int count;
        double[] gradientStd;
        double[] weightGradientStd;
        int[] symmetric;
        try (HostNetwork host = new HostNetwork(network, threads)) {
            trace = host.forward(parameters::values, inputs, n);
            stages = host.stages();
            count = stages.size();
            gradientStd = new double[count];
            weightGradientStd = new double[count];
            symmetric = new int[count];
            int last = count - 1;
            double[] gradients = gradientStd;
            double[] weightGradients = weightGradientStd;
            int[] symmetricUnits = symmetric;
            List<Stage> stageList = stages;
            host.backward(trace, parameters::values, labels, (s, dOutput, dWeight, dBias) -> {
                gradients[s] = TensorMoments.of(dOutput).std();
                weightGradients[s] = TensorMoments.of(dWeight).std();
                Stage stage = stageList.get(s);
                if (s < last) {
                    symmetricUnits[s] = SymmetricUnits.count(parameters.values(stage.weightPath()),
                            parameters.values(stage.biasPath()), dWeight, dBias, stage.units(), stage.fanIn());
                }
            });
        }
        List<LayerStatistics> result = new ArrayList<>();
        double previousSecondMoment = Double.NaN;
        for (Stage stage : stages) {
            int s = stage.index();
            TensorMoments pre = TensorMoments.of(trace.preActivation(s));
            TensorMoments act = TensorMoments.of(trace.activation(s));
            float[] weight = parameters.values(stage.weightPath());
            TensorMoments w = TensorMoments.of(weight);
            ParameterSpec weightSpec = parameters.find(stage.weightPath()).orElseThrow().spec();
            OptionalDouble ratio = OptionalDouble.empty();
            OptionalDouble ratioTheory = OptionalDouble.empty();
            if (s > 0) {
                ratio = OptionalDouble.of(pre.secondMoment() / previousSecondMoment);
                Stage before = stages.get(s - 1);
                double[] x = trace.input(stage.site());
                double input = before.outputSite().shifted(1).equals(stage.site())
                        ? predictedInputSecondMoment(before, trace, previousSecondMoment)
                        : TensorMoments.of(x).secondMoment();
                double fanIn = stage.fanIn();
                if (stage.layer() instanceof Conv2dLayer c) {
                    fanIn = VarianceTheory.convolutionFanIn(c, stage.inputShape());
                    input *= VarianceTheory.secondMomentAsRead(c, stage.inputShape(), x)
                            / TensorMoments.of(x).secondMoment();
                }
                ratioTheory = OptionalDouble.of(VarianceTheory.predictedRatio(fanIn, w.secondMoment(),
                        TensorMoments.of(parameters.values(stage.biasPath())).secondMoment(), input,
                        previousSecondMoment));
            }
            double saturated = 0;
            double dead = 0;
            if (stage.activationSite().isPresent()) {
                LayerSite a = stage.activationSite().get();
                saturated = saturated(stage.activation(), trace.output(a));
                dead = dead(stage.activation(), trace.input(a), n, stage.activationInputShape().orElseThrow());
            }
            OptionalDouble update = previous.map(p -> updateRatio(weight, p.values(stage.weightPath())))
                    .map(OptionalDouble::of).orElse(OptionalDouble.empty());
            result.add(new LayerStatistics(s + 1, stage.site().path(), stage.description(),
                    stage.convolution() ? LayerKind.CONV : LayerKind.DENSE, stage.units(), stage.activation(),
                    pre.mean(), pre.std(), pre.secondMoment(), act.mean(), act.std(), saturated, dead, w.std(),
                    theoryStd.apply(weightSpec), gradientStd[s], weightGradientStd[s], ratio, ratioTheory,
                    symmetric[s], update));
            previousSecondMoment = pre.secondMoment();
        }
        return List.copyOf(result);
    }

    /**
     * Follows the second moment {@code q} of a stage's pre-activations through the layers after them: an
     * activation multiplies it by its Gaussian gain ({@link VarianceTheory#gain}), batch, layer and RMS
     * normalization, (global) pooling and a residual gate or scalar bias by their measured factor
     * {@code E[out^2] / E[in^2]}, flatten and dropout by 1.
     */
    private static double predictedInputSecondMoment(Stage stage, HostTrace trace, double q) {
        double moment = q;
        for (int k = 0; k < stage.following().size(); k++) {
            Layer layer = stage.following().get(k);
            LayerSite site = stage.site().shifted(1 + k);
            if (layer instanceof ActivationLayer a) {
                moment *= VarianceTheory.gain(a.activation(), moment);
            } else if (layer instanceof BatchNormLayer || layer instanceof MaxPool2dLayer
                    || layer instanceof AvgPool2dLayer || layer instanceof LayerNormLayer
                    || layer instanceof RmsNormLayer || layer instanceof GlobalAvgPool2dLayer
                    || layer instanceof ScalarLayer) {
                moment *= TensorMoments.of(trace.output(site)).secondMoment()
                        / TensorMoments.of(trace.input(site)).secondMoment();
            }
        }
        return moment;
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

    /**
     * The share of channels (units of a flat input, features of a token sequence) whose activation input is
     * {@code <= 0} everywhere.
     */
    private static double dead(Activation activation, double[] z, int batch, FeatureShape shape) {
        if (activation != Activation.RELU && activation != Activation.LEAKY_RELU) {
            return 0;
        }
        if (shape.sequential()) {
            int features = shape.dim();
            int dead = 0;
            for (int f = 0; f < features; f++) {
                boolean alive = false;
                for (int k = f; k < z.length && !alive; k += features) {
                    alive = z[k] > 0;
                }
                dead += alive ? 0 : 1;
            }
            return (double) dead / features;
        }
        int channels = shape.channels();
        int positions = shape.height() * shape.width();
        int dead = 0;
        for (int c = 0; c < channels; c++) {
            boolean alive = false;
            for (int b = 0; b < batch && !alive; b++) {
                int base = (b * channels + c) * positions;
                for (int k = 0; k < positions && !alive; k++) {
                    alive = z[base + k] > 0;
                }
            }
            dead += alive ? 0 : 1;
        }
        return (double) dead / channels;
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
}
