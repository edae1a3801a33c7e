package org.initlab.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code compare --out DIR --resume} without {@code -f}: the experiment to continue is the one in
 * {@code DIR/experiment.yaml}, which every run with {@code --out} writes. Its fields fill the options not
 * given on the command line, as {@code -f DIR/experiment.yaml} would; options given explicitly stay, and the
 * journal check reports any that differ from the run. How this process reports ({@code quiet}, {@code metrics},
 * {@code metrics_port}, {@code metrics_bind}) is not part of the experiment and is not taken from the file.
 */
final class ResumedExperiment {
    /** The settings file of a run's output directory. */
    static final String FILE = "experiment.yaml";

    private ResumedExperiment() {
    }

    /**
     * @param out the --out directory of the run to continue
     * @param c   the command, after parsing
     */
    static void apply(Path out, CompareCommand c) {
        Path file = out.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        boolean quiet = c.quiet;
        Optional<String> metrics = c.metricsOptions.metrics;
        Optional<Integer> metricsPort = c.metricsOptions.metricsPort;
        String metricsBind = c.metricsOptions.metricsBind;
        RunnerOptions runners = c.runners;
        c.runners = new RunnerOptions();
        ExperimentOptions.apply(ExperimentFile.read(file), file.toAbsolutePath().getParent(), c);
        c.quiet = quiet;
        c.metricsOptions.metrics = metrics;
        c.metricsOptions.metricsPort = metricsPort;
        c.metricsOptions.metricsBind = metricsBind;
        c.runners = runners;
    }
}
