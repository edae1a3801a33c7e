package org.initlab.core.train;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.inspect.LayerDiagnostics;
import org.initlab.core.inspect.ProbeBatches;
import org.initlab.core.model.Network;
import org.initlab.core.width.WidthScaling;
import org.initlab.spi.SeededRandom;

/**
 * Runs one trial: initial parameters from the plan and the seed, then {@code epochs} passes over the training
 * set in an order shuffled by {@code SeededRandom.of(seed).fork("shuffle")} (the same for every initializer
 * and backend, so only the initialization differs between trials of one seed), mini-batches of
 * {@code batchSize} (the last one smaller), evaluation on the test set after every epoch. A NaN or infinite
 * mini-batch loss, or one above {@link #DIVERGENCE_FACTOR} times the larger of the first mini-batch loss and 1,
 * stops the trial and marks it {@link TrialStatus#DIVERGED}.
 *
 * <p>Initial parameters are materialized with a probe batch, a sample of {@code min(256, n)} training samples
 * drawn with {@code SeededRandom.of(seed).fork("probe")}: data-dependent initializers such as LSUV refine their
 * weights on it on the host before the backend sees them, so they work on every backend. The same batch
 * feeds {@link TrainingListener#layerStatistics} when a listener asks for them.
 *
 * <p>The trial's {@link TrainingConfig#parametrization() parametrization} is applied first: the network with its
 * dense layers' input multipliers is what is initialized and trained, the materialized initial values are
 * multiplied by its per-parameter factors, and the session is opened with its per-parameter learning-rate and
 * weight-decay multipliers ({@link WidthScaling}).
 *
 * <p>Buffers are allocated once per trial; the step loop allocates nothing.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Trainer {
    /**
     * A finite mini-batch loss above {@code DIVERGENCE_FACTOR * max(first mini-batch loss, 1)} also marks the
     * trial {@link TrialStatus#DIVERGED}: it is on its way to overflow and nothing after it is worth training.
     */
    public static final double DIVERGENCE_FACTOR = 1e6;

    /**
     * @param firstLoss the trial's first mini-batch loss
     * @return the largest loss that does not count as diverged
     */
    static double divergenceBound(double firstLoss) {
        return DIVERGENCE_FACTOR * Math.max(firstLoss, 1.0);
    }

    /**
     * Trains one trial.
     *
     * @param backend  the backend
     * @param network  the network
     * @param plan     the initialization plan
     * @param seed     the trial seed
     * @param train    the training set
     * @param test     the test set
     * @param config   epochs, batch size and optimizer
     * @param listener progress receiver
     * @return the result; never throws for a diverging trial
     * @throws IllegalArgumentException when the data does not fit the network, an initializer does not fit
     *                                  a parameter or the parametrization does not fit the network
     */
    public TrialResult train(Backend backend, Network network, InitializationPlan plan, long seed, Dataset train,
                             Dataset test, TrainingConfig config, TrainingListener listener) {
        checkData(network, train, "training");
        checkData(network, test, "test");
        WidthScaling scaling = config.parametrization().apply(network, config.optimizer());
        network = scaling.network();
        Dataset probe = probeBatch(train, seed);
        ParameterSet initial = scaling.scaleInitial(plan.materialize(network, seed, probe, backend.threads()));
        String init = plan.weights().spec();
        int n = train.size();
        int batch = Math.min(config.batchSize(), n);
        int steps = (n + batch - 1) / batch;
        int width = network.inputWidth();
        float[] inputs = new float[batch * width];
        int[] labels = new int[batch];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SeededRandom shuffle = SeededRandom.of(seed).fork("shuffle");
        List<EpochResult> epochs = new ArrayList<>();
        listener.trialStarted(init, seed, config.epochs(), steps);
        boolean statistics = listener.wantsLayerStatistics();
        ParameterSet previous = initial;
        if (statistics) {
            listener.layerStatistics(0, LayerDiagnostics.measure(network, initial, probe, p -> scaled(
                    plan.initializerFor(p).initializer().expectedStd(p), scaling.initialMultiplierOf(p.path())),
                    Optional.empty(), backend.threads()));
        }
        long trialStart = System.nanoTime();
        double firstLoss = Double.NaN;
        long trainNanos = 0;
        long trainedSamples = 0;
        try (TrainingSession session = backend.open(network, initial, config.optimizer(), scaling.groups(), batch,
                SeededRandom.of(seed).fork("session").nextLong())) {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long epochStart = System.nanoTime();
                shuffle.shuffle(order);
                double lossSum = 0;
                for (int step = 0; step < steps; step++) {
                    if (Thread.currentThread().isInterrupted()) {
                        return finish(listener, new TrialResult(init, seed, TrialStatus.FAILED, epochs,
                                seconds(trialStart), throughput(trainedSamples, trainNanos),
                                Optional.of("interrupted in epoch " + epoch)));
                    }
                    int from = step * batch;
                    int size = Math.min(batch, n - from);
                    for (int b = 0; b < size; b++) {
                        int index = order[from + b];
                        train.copyFeatures(index, inputs, b * width);
                        labels[b] = train.label(index);
                    }
                    long t0 = System.nanoTime();
                    double loss = session.trainStep(inputs, labels, size);
                    trainNanos += System.nanoTime() - t0;
                    trainedSamples += size;
                    if (Double.isNaN(firstLoss)) {
                        firstLoss = loss;
                    }
                    if (!Double.isFinite(loss) || loss > divergenceBound(firstLoss)) {
                        return finish(listener, new TrialResult(init, seed, TrialStatus.DIVERGED, epochs,
                                seconds(trialStart), throughput(trainedSamples, trainNanos),
                                Optional.of("training loss became " + loss + " at epoch " + epoch + ", step "
                                        + (step + 1) + (Double.isFinite(loss) ? " (more than " + DIVERGENCE_FACTOR
                                        + " x max(first loss " + firstLoss + ", 1))" : ""))));
                    }
                    lossSum += loss * size;
                    listener.stepFinished(epoch, step + 1, loss);
                }
                BatchEvaluation eval = evaluate(session, test, inputs, labels, batch, width);
                EpochResult result = new EpochResult(epoch, lossSum / n, eval.meanLoss(),
                        eval.accuracy(), seconds(epochStart));
                epochs.add(result);
                listener.epochFinished(result);
                if (statistics) {
                    ParameterSet current = session.parameters();
                    listener.layerStatistics(epoch, LayerDiagnostics.measure(network, current, probe,
                            p -> OptionalDouble.empty(), Optional.of(previous), backend.threads()));
                    previous = current;
                }
            }
            if (listener.wantsFinalParameters()) {
                listener.finalParameters(init, seed, session.parameters());
            }
        }
        return finish(listener, new TrialResult(init, seed, TrialStatus.OK, epochs, seconds(trialStart),
                throughput(trainedSamples, trainNanos), Optional.empty()));
    }

    /**
     * The probe batch of a trial: {@code min(}{@value ProbeBatches#DEFAULT_SIZE}{@code , n)} training samples
     * drawn with {@code SeededRandom.of(seed).fork("probe")}.
     *
     * @param train the training set, as the trial sees it (limited and normalized)
     * @param seed  the trial seed
     * @return the samples data-dependent initializers refine on and layer statistics are measured on
     */
    public static Dataset probeBatch(Dataset train, long seed) {
        return ProbeBatches.sample(train, Math.min(ProbeBatches.DEFAULT_SIZE, train.size()),
                SeededRandom.of(seed).fork("probe"));
    }

    /**
     * The parameters a trial of {@link #train} starts from, bit for bit: the plan materialized with the trial's
     * {@link #probeBatch probe batch} (which only data-dependent initializers look at).
     *
     * @param network the network
     * @param plan    the initialization plan
     * @param seed    the trial seed
     * @param train   the training set, as the trial sees it
     * @param threads the most threads the host passes of data-dependent initializers use (the tensors do not
     *                depend on it)
     * @return the initial parameters
     * @throws IllegalArgumentException as {@link InitializationPlan#materialize(Network, long, Dataset, int)}
     */
    public static ParameterSet initialParameters(Network network, InitializationPlan plan, long seed, Dataset train,
                                                 int threads) {
        return plan.materialize(network, seed, probeBatch(train, seed), threads);
    }

    private static OptionalDouble scaled(OptionalDouble std, double factor) {
        return std.isPresent() ? OptionalDouble.of(std.getAsDouble() * factor) : std;
    }

    /**
     * The parameters a trial of {@link #train} under a parametrization starts from, bit for bit: the plan
     * materialized for the transformed network with the trial's probe batch, then multiplied by the
     * parametrization's initial-value factors.
     *
     * @param scaling the parametrization applied to the network (its {@link WidthScaling#network()} is trained)
     * @param plan    the initialization plan
     * @param seed    the trial seed
     * @param train   the training set, as the trial sees it
     * @param threads the most threads the host passes of data-dependent initializers use
     * @return the initial parameters
     * @throws IllegalArgumentException as {@link InitializationPlan#materialize(Network, long, Dataset, int)}
     */
    public static ParameterSet initialParameters(WidthScaling scaling, InitializationPlan plan, long seed,
                                                 Dataset train, int threads) {
        return scaling.scaleInitial(initialParameters(scaling.network(), plan, seed, train, threads));
    }

    /**
     * Evaluates a session on a whole dataset in batches.
     *
     * @param session the session
     * @param data    the data
     * @param inputs  a buffer of at least {@code batch * width} floats
     * @param labels  a buffer of at least {@code batch} ints
     * @param batch   the batch size
     * @param width   the input width
     * @return the totals
     */
    static BatchEvaluation evaluate(TrainingSession session, Dataset data, float[] inputs, int[] labels,
                                    int batch, int width) {
        BatchEvaluation total = new BatchEvaluation(0, 0, 0);
        for (int from = 0; from < data.size(); from += batch) {
            int size = Math.min(batch, data.size() - from);
            for (int b = 0; b < size; b++) {
                data.copyFeatures(from + b, inputs, b * width);
                labels[b] = data.label(from + b);
            }
            total = total.plus(session.evaluate(inputs, labels, size));
        }
        return total;
    }

    private static TrialResult finish(TrainingListener listener, TrialResult result) {
        listener.trialFinished(result);
        return result;
    }

    /**
     * Checks that a dataset fits a network: same input width, every label present below the number of
     * outputs, at least one sample.
     *
     * @param network the network
     * @param data    the data
     * @param role    "training" or "test", for the message
     * @throws IllegalArgumentException naming the data, the model and the mismatch
     */
    public static void checkData(Network network, Dataset data, String role) {
        if (data.featureCount() != network.inputWidth()) {
            throw new IllegalArgumentException(role + " data '" + data.name() + "' has " + data.featureCount()
                    + " features per sample but model " + network.spec() + " expects " + network.inputWidth());
        }
        if (data.size() == 0) {
            throw new IllegalArgumentException(role + " data '" + data.name() + "' is empty");
        }
        int[] counts = data.labelCounts();
        int maxLabel = counts.length - 1;
        while (maxLabel > 0 && counts[maxLabel] == 0) {
            maxLabel--;
        }
        if (maxLabel >= network.outputWidth()) {
            throw new IllegalArgumentException(role + " data '" + data.name() + "' has label " + maxLabel
                    + " but model " + network.spec() + " has only " + network.outputWidth() + " outputs");
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double throughput(long samples, long nanos) {
        return nanos == 0 ? 0 : samples / (nanos / 1e9);
    }
}
