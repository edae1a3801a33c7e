package org.initlab.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.data.Dataset;
import org.initlab.core.data.InputNormalization;
import org.initlab.core.experiment.BatchTrialRunner;
import org.initlab.core.experiment.ComparisonResult;
import org.initlab.core.experiment.ComparisonRunner;
import org.initlab.core.experiment.ExperimentConfig;
import org.initlab.core.experiment.LocalTrialRunner;
import org.initlab.core.experiment.RunnerContext;
import org.initlab.core.experiment.TrialRunnerProvider;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.limits.MemoryBudget;
import org.initlab.core.provenance.Provenance;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * One run of {@code initlab compare} once its options are checked: load the data, open the backend, the journal
 * and the listeners, run the trials (in this thread, or through the chosen {@link TrialRunnerProvider}), print
 * the table, write the outputs and say how it ended.
 */
final class CompareRun {
    private final CompareCommand c;
    private final ComparisonRunner comparisons;
    private final InitializerRegistry registry;
    private final Trainer trainer;
    private final TrialRunnerProvider runnerProvider;
    private final GracefulStop stop;
    private final PrintWriter stdout;
    private final PrintWriter stderr;
    private final LayerStatsRecorder layerRecorder = new LayerStatsRecorder();

    /** What the trials run on. */
    private record Data(Dataset train, Dataset test) {
        String description() {
            return DataSets.description(train, test);
        }
    }

    CompareRun(CompareCommand c, ComparisonRunner comparisons, InitializerRegistry registry, Trainer trainer,
               TrialRunnerProvider runnerProvider, GracefulStop stop, PrintWriter stdout, PrintWriter stderr) {
        this.c = c;
        this.comparisons = comparisons;
        this.registry = registry;
        this.trainer = trainer;
        this.runnerProvider = runnerProvider;
        this.stop = stop;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * @param config   the checked experiment
     * @param provider the backend
     * @return the exit code
     */
    int run(ExperimentConfig config, BackendProvider provider) {
        InputNormalization normalization = c.normalization();
        Data data = loadData(config, normalization);
        BackendOptions options = c.threads.map(BackendOptions::new).orElseGet(BackendOptions::defaults);
        Map<String, Object> provenance = c.provenance(data.train(), data.test(), normalization);
        // a weights file that cannot be written is a warning on its trial, even with --quiet: it is lost output
        Optional<WeightsSaver> weightsSaver = c.saveWeights.map(dir -> new WeightsSaver(dir, config.network().spec(),
                w -> {
                    stderr.println("initlab: warning: " + w);
                    stderr.flush();
                }));
        try (MetricsScope metricsScope = c.metricsOptions.open(stderr)) {
            ComparisonResult result;
            Provenance typed;
            try (Backend b = provider.create(options)) {
                printHeader(config, b, data);
                typed = RunProvenance.collect(registry, comparisons.plans(config), b.name(), b.device(), data.train(),
                        data.test());
                weightsSaver.ifPresent(saver -> saver.provenance(RunProvenance.jsonText(typed)));
                result = runTrials(config, provider, b, options, data, metricsScope, weightsSaver);
            }
            stdout.print(SummaryTable.render(result));
            stdout.flush();
            boolean outputsWritten = writeOutputs(config, result, provenance, typed, data, metricsScope);
            return exitCode(config, result, outputsWritten, weightsSaver);
        }
    }

    private Data loadData(ExperimentConfig config, InputNormalization normalization) {
        Dataset train = normalization.apply(DataSets.train(c.trainData, c.trainLimit));
        Dataset test = normalization.apply(DataSets.test(c.testData, c.trainData, c.testLimit));
        Trainer.checkData(config.network(), train, "training");
        Trainer.checkData(config.network(), test, "test");
        ResourceChecks.training(config, train.size(), MemoryBudget.ofRuntime());
        return new Data(train, test);
    }

    private void printHeader(ExperimentConfig config, Backend b, Data data) {
        if (c.quiet) {
            return;
        }
        int inits = config.inits().size();
        stderr.printf(Locale.ROOT, "initlab compare: %s, %d initializer%s x %d seed%s, %d epoch%s, batch %d, "
                        + "%s, bias %s%n  backend %s (%s); train %s (%d), test %s (%d)%n",
                config.network().spec(), inits, inits == 1 ? "" : "s", c.seeds, c.seeds == 1 ? "" : "s",
                c.epochs, c.epochs == 1 ? "" : "s", c.batchSize, config.training().optimizer().spec(), config.biasInit(),
                b.name(), b.device(), data.train().name(), data.train().size(), data.test().name(),
                data.test().size());
        stderr.flush();
    }

    /** Runs the trials not in the journal yet, appending each finished one to it; stops on Ctrl-C. */
    private ComparisonResult runTrials(ExperimentConfig config, BackendProvider provider, Backend b,
                                       BackendOptions options, Data data, MetricsScope metricsScope,
                                       Optional<WeightsSaver> weightsSaver) {
        List<TrialSpec> specs = comparisons.trials(config, b.name());
        Map<TrialSpec, TrialResult> finished = Map.of();
        Optional<TrialJournal> journal = Optional.empty();
        if (c.out.isPresent()) {
            Path journalFile = c.out.get().resolve(TrialJournal.FILE);
            TrialJournal.Contents contents = c.resume
                    ? TrialJournal.read(journalFile, w -> c.warn(stderr, w))
                    : new TrialJournal.Contents(List.of(), 0);
            finished = TrialJournal.finished(contents, specs, data.description(), journalFile);
            if (c.resume && !c.quiet) {
                stderr.printf(Locale.ROOT, "resuming %s: %d of %d trials already finished%n", c.out.get(),
                        finished.size(), specs.size());
            }
            ExperimentOptions.write(c.out.get().resolve(ResumedExperiment.FILE), c, specs, b.name(),
                    options.threads());
            journal = Optional.of(TrialJournal.open(journalFile, contents.validBytes(), data.description()));
        }
        TrainingListener listener = listeners(b, specs.size(), finished.size(), metricsScope, weightsSaver);
        TrialJournal sink = journal.orElse(null);
        BiConsumer<TrialSpec, TrialResult> append = (s, r) -> {
            if (sink != null) {
                sink.append(s, r);
            }
        };
        try {
            if (c.runners.local()) {
                return comparisons.run(config, b.name(), b.device(),
                        new LocalTrialRunner(registry, trainer, b, data.train(), data.test()), finished, listener,
                        append);
            }
            return runBatch(config, provider, b, data, specs, finished, listener, append);
        } finally {
            journal.ifPresent(TrialJournal::close);
        }
    }

    /**
     * Runs the pending trials through the chosen runner, then assembles the result in run order as the local
     * path does; after a stop the result ends at the first trial that did not finish.
     */
    private ComparisonResult runBatch(ExperimentConfig config, BackendProvider provider, Backend b, Data data,
                                      List<TrialSpec> specs, Map<TrialSpec, TrialResult> finished,
                                      TrainingListener listener, BiConsumer<TrialSpec, TrialResult> append) {
        Map<TrialSpec, TrialResult> all = new LinkedHashMap<>(finished);
        List<TrialSpec> pending = specs.stream().filter(s -> !finished.containsKey(s)).toList();
        if (!pending.isEmpty()) {
            RunnerContext context = new RunnerContext(c.runners.settings(), provider, c.threads, registry, trainer,
                    data.train(), data.test(), listener);
            try (BatchTrialRunner batch = runnerProvider.create(context)) {
                if (!c.quiet) {
                    stderr.println("  runner " + batch.description());
                    stderr.flush();
                }
                batch.runAll(pending, (spec, result) -> {
                    if (all.putIfAbsent(spec, result) == null) {
                        append.accept(spec, result);
                    }
                    if (stop.requested()) {
                        throw new CancellationException("stop requested");
                    }
                });
            } catch (CancellationException e) {
                // a stop: what finished is in the journal, the result ends at the first missing trial
            }
        }
        return comparisons.run(config, b.name(), b.device(), (spec, l) -> {
            throw new CancellationException("trial did not finish");
        }, all, TrainingListener.NONE, (s, r) -> { });
    }

    private TrainingListener listeners(Backend b, int trials, int alreadyFinished, MetricsScope metricsScope,
                                       Optional<WeightsSaver> weightsSaver) {
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(stop.listener());
        metricsScope.metrics().ifPresent(m -> {
            TrainingMetrics trainingMetrics = new TrainingMetrics(b.name());
            trainingMetrics.bindTo(m.registry());
            listeners.add(trainingMetrics);
        });
        if (c.layerStats) {
            listeners.add(layerRecorder);
        }
        weightsSaver.ifPresent(listeners::add);
        if (!c.quiet) {
            listeners.add(new ConsoleProgress(stderr, System.console() != null, trials, alreadyFinished));
        }
        return new CompositeListener(listeners);
    }

    /** @return whether every output asked for was written */
    private boolean writeOutputs(ExperimentConfig config, ComparisonResult done, Map<String, Object> provenance,
                                 Provenance typed, Data data, MetricsScope metricsScope) {
        Optional<Provenance> runProvenance = Optional.of(typed);
        return c.out.isEmpty() || ComparisonOutputs.write(c.out.get(), List.of(
                new ComparisonOutputs.Part("results", files -> new ResultsWriter().write(files, done, provenance,
                        runProvenance)),
                new ComparisonOutputs.Part("layer statistics", files -> {
                    if (c.layerStats) {
                        layerRecorder.write(files);
                    }
                }),
                new ComparisonOutputs.Part("metrics", files -> metricsScope.metrics()
                        .ifPresent(m -> m.writeScrape(files))),
                new ComparisonOutputs.Part("report", files -> new ReportWriter().write(files, done,
                        RunProvenance.reportConfig(new ResultsWriter().toJson(done, provenance).get("config"), typed),
                        InitialActivationProbe.computeOrWarn(comparisons, config, data.train(), stderr),
                        c.layerStats ? layerRecorder.afterTraining() : List.of()))), stderr, c.quiet);
    }

    private int exitCode(ExperimentConfig config, ComparisonResult result, boolean outputsWritten,
                         Optional<WeightsSaver> weightsSaver) {
        int weightsLost = weightsSaver.map(WeightsSaver::failures).orElse(0);
        if (weightsLost > 0) {
            stderr.printf(Locale.ROOT, "initlab: the trained weights of %d trial%s were not saved to %s (see the "
                    + "warnings above)%n", weightsLost, weightsLost == 1 ? "" : "s", c.saveWeights.get());
            stderr.flush();
        }
        if (!result.complete()) {
            stderr.printf(Locale.ROOT, "initlab: stopped; %d of %d trials finished%s%n", result.trials().size(),
                    config.inits().size() * c.seeds, c.out.map(d -> " and written to " + d
                            + " (continue with --resume)").orElse(""));
            stderr.flush();
            return CompareCommand.STOPPED;
        }
        if (!outputsWritten || weightsLost > 0) {
            return CompareCommand.OUTPUT_NOT_WRITTEN;
        }
        boolean anyFailed = result.trials().stream().anyMatch(t -> t.status() == TrialStatus.FAILED);
        return anyFailed ? 1 : 0;
    }
}
