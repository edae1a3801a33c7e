package org.initlab.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.initlab.core.experiment.TrialSpec;

/**
 * Moves settings between an {@link ExperimentFile} and the options of {@link CompareCommand}: a field of the
 * file sets an option that was not given on the command line; the resolved options of a run become the
 * {@code experiment.yaml} written into its output directory.
 */
final class ExperimentOptions {
    private ExperimentOptions() {
    }

    /**
     * Applies a file's fields to the options not given on the command line.
     *
     * @param f    the file's settings
     * @param base the file's directory, for relative paths
     * @param c    the command
     */
    static void apply(ExperimentFile f, Path base, CompareCommand c) {
        if (f.model() != null && !c.given("--model")) {
            c.networkOptions.modelOption.model = f.model();
        }
        if (f.init() != null && !c.given("--init")) {
            c.networkOptions.inits = new ArrayList<>(f.init());
        }
        if (f.biasInit() != null && !c.given("--bias-init")) {
            c.networkOptions.biasInit = f.biasInit();
        }
        if (f.initRules() != null && !c.given("--init-rule")) {
            c.networkOptions.rules = new ArrayList<>(f.initRules());
        }
        if (f.seeds() != null && !c.given("--seeds")) {
            c.seeds = f.seeds();
        }
        if (f.seed() != null && !c.given("--seed")) {
            c.seed = f.seed();
        }
        if (f.epochs() != null && !c.given("--epochs")) {
            c.epochs = f.epochs();
        }
        if (f.batchSize() != null && !c.given("--batch-size")) {
            c.batchSize = f.batchSize();
        }
        if (f.optimizer() != null && !c.given("--optimizer")) {
            c.optimizer = f.optimizer();
        }
        if (f.parametrization() != null && !c.given("--parametrization")) {
            c.networkOptions.parametrization = f.parametrization();
        }
        if (f.backend() != null && !c.given("--backend")) {
            c.backend = Optional.of(f.backend());
        }
        if (f.threads() != null && !c.given("--threads")) {
            c.threads = Optional.of(f.threads());
        }
        if (f.trainData() != null && !c.given("--train-data")) {
            c.trainData = Optional.of(ExperimentFile.resolve(base, f.trainData()));
        }
        if (f.testData() != null && !c.given("--test-data")) {
            c.testData = Optional.of(ExperimentFile.resolve(base, f.testData()));
        }
        if (f.trainLimit() != null && !c.given("--train-limit")) {
            c.trainLimit = Optional.of(f.trainLimit());
        }
        if (f.testLimit() != null && !c.given("--test-limit")) {
            c.testLimit = Optional.of(f.testLimit());
        }
        if (f.normalize() != null && !c.given("--normalize")) {
            c.normalize = Optional.of(f.normalize());
        }
        if (f.out() != null && !c.given("--out")) {
            c.out = Optional.of(ExperimentFile.resolve(base, f.out()));
        }
        if (f.quiet() != null && !c.given("--quiet")) {
            c.quiet = f.quiet();
        }
        if (f.saveWeights() != null && !c.given("--save-weights")) {
            c.saveWeights = Optional.of(ExperimentFile.resolve(base, f.saveWeights()));
        }
        if (f.layerStats() != null && !c.given("--layer-stats")) {
            c.layerStats = f.layerStats();
        }
        applyMetrics(f, c);
        applyRunner(f, c);
    }

    private static void applyRunner(ExperimentFile f, CompareCommand c) {
        if (f.runner() != null && !c.given("--runner")) {
            c.runners.runner = f.runner();
        }
        if (f.master() != null && !c.given("--master")) {
            c.runners.master = Optional.of(f.master());
        }
    }

    private static void applyMetrics(ExperimentFile f, CompareCommand c) {
        if (f.metrics() != null && !c.given("--metrics")) {
            c.metricsOptions.metrics = Optional.of(f.metrics());
        }
        if (f.metricsPort() != null && !c.given("--metrics-port")) {
            c.metricsOptions.metricsPort = Optional.of(f.metricsPort());
        }
        if (f.metricsBind() != null && !c.given("--metrics-bind")) {
            c.metricsOptions.metricsBind = f.metricsBind();
        }
    }

    /**
     * The fully resolved settings of a run: canonical initializer specs, the chosen backend and thread count,
     * absolute paths.
     *
     * @param c       the command after parsing (and applying a file)
     * @param trials  the run's trials
     * @param backend the chosen backend
     * @param threads the backend's thread count
     * @return the settings
     */
    static ExperimentFile resolved(CompareCommand c, List<TrialSpec> trials, String backend, int threads) {
        List<String> inits = new ArrayList<>(new LinkedHashSet<>(trials.stream().map(TrialSpec::weightInit).toList()));
        TrialSpec first = trials.get(0);
        return new ExperimentFile(first.model(), inits, first.biasInit(), first.rules(), c.seeds, c.seed,
                first.epochs(), first.batchSize(), first.optimizer(),
                first.parametrization().equals(TrialSpec.STANDARD) ? null : first.parametrization(), backend, threads,
                c.trainData.map(ExperimentOptions::absolute).orElse(null),
                c.testData.map(ExperimentOptions::absolute).orElse(null), c.trainLimit.orElse(null),
                c.testLimit.orElse(null),
                c.normalization().isIdentity() ? null : c.normalization().spec(),
                c.out.map(ExperimentOptions::absolute).orElse(null), c.quiet,
                c.metricsOptions.metrics.orElse(null), c.metricsOptions.metricsPort.orElse(null),
                c.metricsOptions.metrics.isPresent() ? c.metricsOptions.metricsBind : null,
                c.saveWeights.map(ExperimentOptions::absolute).orElse(null), c.layerStats,
                c.runners.local() ? null : c.runners.runner, c.runners.master.orElse(null));
    }

    /**
     * Writes the resolved settings of a run.
     *
     * @param file    the target, e.g. {@code DIR/experiment.yaml}
     * @param c       the command
     * @param trials  the run's trials
     * @param backend the chosen backend
     * @param threads the backend's thread count
     */
    static void write(Path file, CompareCommand c, List<TrialSpec> trials, String backend, int threads) {
        OutputFiles.writeFile(file, resolved(c, trials, backend, threads).toYaml());
    }

    private static String absolute(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
