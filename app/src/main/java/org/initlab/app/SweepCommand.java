package org.initlab.app;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.experiment.BatchTrialRunner;
import org.initlab.core.experiment.ComparisonRunner;
import org.initlab.core.experiment.RunnerContext;
import org.initlab.core.experiment.TrialRunnerProvider;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.limits.ThreadLimit;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.sweep.Grid;
import org.initlab.core.sweep.SweepSpec;
import org.initlab.core.sweep.SweepTrial;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code initlab sweep}: every point of a grid of settings, times seeds, as ordinary trials, through the local
 * runner or another one found on the class path ({@code --runner spark}); a long-format table, a crash-safe
 * journal with {@code --resume}, and a report with heatmaps.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train over a grid of settings (Cartesian product, {name} placeholders in any value) and "
                + "tabulate every trial.",
                "Example: initlab sweep -f sweep.yaml --out runs/phase. Writes sweep.csv, sweep_points.csv, "
                        + "sweep.json, report.html (heatmaps for every plot: entry), sweep.yaml and trials.jsonl."})
public final class SweepCommand implements java.util.concurrent.Callable<Integer> {
    /** What to add when {@code --runner spark} is asked for in a build without it. */
    static final String SPARK_HINT = "add the runner-spark module: build it with "
            + "'./mvnw -B -DskipTests package -pl runner-spark -am' and the launcher puts it on the class path";

    private final List<BackendProvider> backends;
    private final List<TrialRunnerProvider> runners;
    private final InitializerRegistry registry;
    private final Trainer trainer;
    private final ComparisonRunner comparisons;

    @Mixin
    SweepOptions o;

    /**
     * @param backends    the discovered backends
     * @param runners     the discovered trial runners
     * @param registry    the initializers
     * @param trainer     trains each trial
     * @param comparisons checks every initializer of the sweep before the first trial
     */
    @Inject
    public SweepCommand(List<BackendProvider> backends, List<TrialRunnerProvider> runners,
                        InitializerRegistry registry, Trainer trainer, ComparisonRunner comparisons) {
        this.backends = backends;
        this.runners = runners;
        this.registry = registry;
        this.trainer = trainer;
        this.comparisons = comparisons;
    }

    @Override
    public Integer call() {
        o.file.ifPresent(f -> o.apply(SweepFile.read(f), f.toAbsolutePath().getParent()));
        o.applyFlags();
        PrintWriter stdout = o.spec.commandLine().getOut();
        PrintWriter stderr = o.spec.commandLine().getErr();
        if (o.resume && o.out.isEmpty()) {
            throw new IllegalArgumentException("--resume needs --out DIR, the directory of the sweep to continue");
        }
        if (o.resume && o.force) {
            throw new IllegalArgumentException("--resume and --force contradict each other: --resume continues the "
                    + "sweep in --out DIR, --force discards it");
        }
        Grid grid = new Grid(o.grid);
        SweepSpec sweep = new SweepSpec(o.model, o.init, o.biasInit, o.rules, o.optimizer, o.epochs, o.batchSize,
                o.seeds, o.seed, grid, o.parametrization);
        SweepReport.check(o.plots, grid.names());
        TrialRunnerProvider runnerProvider = o.runners.choose(runners);
        BackendProvider provider = Backends.choose(
                Backends.requestedName(o.backend, System.getProperties(), System.getenv()), backends);
        List<SweepTrial> trials = sweep.trials(provider.name(), o.maxTrials);
        o.threads.ifPresent(t -> ThreadLimit.check("--threads", t));
        SweepChecks.check(trials, o.seeds, comparisons);
        SweepData data = SweepData.load(o, trials);
        o.out.ifPresent(dir -> OutputPaths.prepareDirectory("--out", dir));
        if (o.out.isEmpty()) {
            return run(stdout, stderr, grid, runnerProvider, provider, trials, data);
        }
        try (OutputDirectoryLock lock = OutputDirectoryLock.acquire("--out", o.out.get(), w -> warn(stderr, w))) {
            TrialJournal.checkStart(o.out.get().resolve(TrialJournal.FILE), o.resume, o.force);
            return run(stdout, stderr, grid, runnerProvider, provider, trials, data);
        }
    }

    private int run(PrintWriter stdout, PrintWriter stderr, Grid grid, TrialRunnerProvider runnerProvider,
                    BackendProvider provider, List<SweepTrial> trials, SweepData data) {
        Map<TrialSpec, TrialResult> finished = new LinkedHashMap<>();
        Optional<TrialJournal> journal = Optional.empty();
        if (o.out.isPresent()) {
            Path file = o.out.get().resolve(TrialJournal.FILE);
            TrialJournal.Contents contents = o.resume ? TrialJournal.read(file, w -> warn(stderr, w))
                    : new TrialJournal.Contents(List.of(), 0);
            finished.putAll(SweepOutput.finished(contents, trials, data.description(), file, w -> warn(stderr, w)));
            SweepOutput.writeYaml(o.out.get().resolve("sweep.yaml"), o.toFile());
            journal = Optional.of(TrialJournal.open(file, contents.validBytes(), data.description()));
        }
        Map<TrialSpec, SweepTrial> bySpec = new LinkedHashMap<>();
        trials.forEach(t -> bySpec.put(t.spec(), t));
        List<TrialSpec> pending = trials.stream().map(SweepTrial::spec).filter(s -> !finished.containsKey(s))
                .toList();
        Map<String, String> runnerOptions = new LinkedHashMap<>(o.runners.settings());
        o.parallel.ifPresent(p -> runnerOptions.put("parallel", Integer.toString(p)));

        boolean stopped = false;
        try (GracefulStop stop = GracefulStop.onShutdown();
             MetricsScope metricsScope = o.metricsOptions.open(stderr)) {
            SweepMetrics meters = new SweepMetrics(runnerProvider.name(), pending.size());
            metricsScope.metrics().ifPresent(m -> meters.bindTo(m.registry()));
            SweepProgress progress = new SweepProgress(stderr, trials.size(), finished.size());
            RunnerContext context = new RunnerContext(runnerOptions, provider, o.threads, registry, trainer,
                    data.train(), data.test(), stop.listener());
            TrialJournal sink = journal.orElse(null);
            try (BatchTrialRunner runner = pending.isEmpty() ? new NothingToRun() : runnerProvider.create(context)) {
                if (!o.quiet) {
                    stderr.printf(Locale.ROOT, "initlab sweep: %d grid point%s x %d seed%s = %d trials (%d to run), "
                                    + "backend %s, runner %s; %s%n", grid.size(), grid.size() == 1 ? "" : "s", o.seeds,
                            o.seeds == 1 ? "" : "s", trials.size(), pending.size(), provider.name(),
                            runner.description(), data.description());
                    stderr.flush();
                }
                runner.runAll(pending, (spec, result) -> {
                    if (finished.containsKey(spec)) {
                        return;
                    }
                    finished.put(spec, result);
                    if (sink != null) {
                        sink.append(spec, result);
                    }
                    meters.finished(result);
                    if (!o.quiet) {
                        progress.finished(bySpec.get(spec), result);
                    }
                    if (stop.requested()) {
                        throw new CancellationException("stop requested");
                    }
                });
            } catch (CancellationException e) {
                stopped = true;
            } finally {
                journal.ifPresent(TrialJournal::close);
            }
            SweepTable table = new SweepTable(grid.names(), trials.stream().filter(t -> finished.containsKey(t.spec()))
                    .map(t -> new SweepTable.Row(t, finished.get(t.spec()))).toList());
            stdout.print(table.pointsCsv());
            stdout.flush();
            if (o.out.isPresent()) {
                table.write(o.out.get(), grid.axes(), data.provenance());
                metricsScope.metrics().ifPresent(m -> m.writeScrape(new OutputFiles(o.out.get())));
                try {
                    SweepReport.write(o.out.get(), table, grid.axes(), o.plots, o.model + ", init " + o.init + ", "
                            + o.seeds + " seed(s), " + data.description());
                } catch (RuntimeException e) {
                    stderr.println("initlab: warning: report not written: " + e);
                }
                if (!o.quiet) {
                    stderr.println("results written to " + o.out.get().resolve("sweep.csv")
                            + ", sweep_points.csv, sweep.json and report.html");
                }
            }
        }
        if (stopped || finished.size() < trials.size()) {
            stderr.printf(Locale.ROOT, "initlab: stopped; %d of %d trials finished%s%n", finished.size(),
                    trials.size(), o.out.map(d -> " and written to " + d + " (continue with --resume)").orElse(""));
            stderr.flush();
            return CompareCommand.STOPPED;
        }
        return finished.values().stream().anyMatch(r -> r.status() == TrialStatus.FAILED) ? 1 : 0;
    }

    private void warn(PrintWriter stderr, String warning) {
        if (!o.quiet) {
            stderr.println("initlab: warning: " + warning);
            stderr.flush();
        }
    }

    /** What runs a resumed sweep whose trials are all finished: nothing, so no engine is started. */
    private static final class NothingToRun implements BatchTrialRunner {
        @Override
        public void runAll(List<TrialSpec> trials, java.util.function.BiConsumer<TrialSpec, TrialResult> onFinished) {
            // every trial is in the journal
        }

        @Override
        public String description() {
            return "none needed";
        }

        @Override
        public void close() {
            // nothing was started
        }
    }
}
