package org.initlab.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.initlab.core.data.Dataset;
import org.initlab.core.experiment.ComparisonRunner;
import org.initlab.core.experiment.ExperimentConfig;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.inspect.Inspection;
import org.initlab.core.inspect.Inspector;
import org.initlab.core.inspect.LayerStatistics;
import org.initlab.core.inspect.ProbeBatches;
import org.initlab.spi.SeededRandom;

/**
 * The activation std of every dense layer at initialization, per initializer of a comparison, for the report:
 * each plan is materialized with the run's first seed and inspected ({@link Inspector}) on a probe batch of at
 * most {@value #BATCH} training samples drawn with {@code SeededRandom.of(firstSeed).fork("probe")}. A host
 * forward and backward pass of a small batch: milliseconds for the classic MLP.
 */
final class InitialActivationProbe {
    /** The most samples in the probe batch. */
    static final int BATCH = 128;

    private InitialActivationProbe() {
    }

    /**
     * @param runner resolves the config's specs and rules into plans, as the trials use them
     * @param config the comparison
     * @param train  the training data
     * @return one entry per initializer, in the config's order
     * @throws RuntimeException when a plan cannot be materialized or inspected
     */
    static List<ActivationStdProfile> compute(ComparisonRunner runner, ExperimentConfig config, Dataset train) {
        Map<String, InitializationPlan> plans = runner.plans(config);
        long seed = config.seeds().get(0);
        Dataset batch = ProbeBatches.sample(train, Math.min(BATCH, train.size()), SeededRandom.of(seed).fork("probe"));
        List<ActivationStdProfile> stds = new ArrayList<>();
        for (Map.Entry<String, InitializationPlan> plan : plans.entrySet()) {
            Inspection inspection = Inspector.inspect(config.network(), plan.getValue(), seed, batch);
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (LayerStatistics l : inspection.layers()) {
                names.add(label(l));
                values.add(l.activationStd());
            }
            stds.add(new ActivationStdProfile(plan.getKey(), names, values));
        }
        return List.copyOf(stds);
    }

    /**
     * @param l a layer's statistics
     * @return its column label in the report: the {@code nn.Sequential} index and what the stage holds, e.g.
     *         {@code 0: conv5x5 1->6 + bn + maxpool2}
     */
    static String label(LayerStatistics l) {
        return l.name() + ": " + l.description();
    }

    /**
     * {@link #compute} that never fails: the report's section is optional, the results are not.
     *
     * @param runner resolves the plans
     * @param config the comparison
     * @param train  the training data
     * @param stderr where a failure is reported as one warning line
     * @return the stds, empty when they could not be computed
     */
    static List<ActivationStdProfile> computeOrWarn(ComparisonRunner runner, ExperimentConfig config, Dataset train,
                                             PrintWriter stderr) {
        try {
            return compute(runner, config, train);
        } catch (RuntimeException | OutOfMemoryError e) {
            stderr.println("initlab: warning: per-layer activation std at initialization not in the report: " + e);
            stderr.flush();
            return List.of();
        }
    }
}
