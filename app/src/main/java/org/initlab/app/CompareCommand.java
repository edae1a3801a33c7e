package org.initlab.app;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.DataSources;
import org.initlab.core.data.Dataset;
import org.initlab.core.data.InputNormalization;
import org.initlab.core.data.MnistDirectory;
import org.initlab.core.data.Split;
import org.initlab.core.experiment.ComparisonResult;
import org.initlab.core.experiment.ComparisonRunner;
import org.initlab.core.experiment.ExperimentConfig;
import org.initlab.core.experiment.LocalTrialRunner;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.limits.MemoryBudget;
import org.initlab.core.limits.ThreadLimit;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.plugin.PluginDirectory;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.provenance.Provenance;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingConfig;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code initlab compare}: trains one network under several initializers and seeds and compares them. With
 * no options it runs the classic experiment on the bundled MNIST.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the same network under several initializers and seeds and compare them.",
                "With no options: the classic experiment, MLP 784-512-128-10 (ReLU) on the bundled MNIST with "
                        + "zeros, normal(std=0.01), xavier-normal and he-normal, 3 seeds, 5 epochs."})
public final class CompareCommand implements java.util.concurrent.Callable<Integer> {
    /** The classic experiment's initializers. */
    static final String DEFAULT_INITS = "zeros,normal(std=0.01),xavier-normal,he-normal";
    /** Exit code of a run stopped by Ctrl-C or SIGTERM after writing what was finished (128 + SIGINT). */
    static final int STOPPED = 130;
    /** Exit code of a run that finished but could not write an output it was asked for (a full disk, say). */
    static final int OUTPUT_NOT_WRITTEN = 1;

    private final ComparisonRunner runner;
    private final List<BackendProvider> backends;
    private final List<String> loadProblems;
    private final InitializerRegistry registry;
    private final Trainer trainer;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "SPEC", defaultValue = "mlp:784-512-128-10:relu",
            description = "Model spec, e.g. mlp:784-512-128-10:relu or mlp:784-256x3-10:tanh or cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu"
                    + " (grammar in docs/reference/models.md; default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--init", paramLabel = "SPECS",
            description = "Weight initializers, a comma list (repeatable), e.g. 'he-normal,normal(std=0.01)' "
                    + "(default: " + DEFAULT_INITS + ").")
    List<String> inits = new ArrayList<>();

    @Option(names = "--bias-init", paramLabel = "SPEC", defaultValue = "zeros",
            description = "Bias initializer (default: ${DEFAULT-VALUE}).")
    String biasInit;

    @Option(names = "--init-rule", paramLabel = "GLOB=SPEC",
            description = "Per-parameter override on top of --init and --bias-init (repeatable; first match wins), "
                    + "with globs on PyTorch-style parameter paths such as 0.weight, 4.bias: "
                    + "'4.weight=xavier-normal', '*.bias=constant(0.1)'. See 'initlab list' for the specs.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3",
            description = "Seeds per initializer (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "First seed; trials use S, S+1, ... (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "5",
            description = "Epochs per trial (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "sgd(lr=0.01, momentum=0.9)",
            description = "sgd(lr, momentum, nesterov, weight_decay) or adam(lr, beta1, beta2, eps, weight_decay) "
                    + "(default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Compute backend (default: system property initlab.backend, else INITLAB_BACKEND, "
                    + "else the best available; see 'initlab list').")
    Optional<String> backend;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads of the backend (default: all processors; at most 4 x the processors).")
    Optional<Integer> threads;

    @Option(names = "--train-data", paramLabel = "PATH",
            description = "Training data: a directory of MNIST-style IDX files or a CSV file (label, pixels 0..255). "
                    + "Default: the bundled MNIST training split.")
    Optional<Path> trainData;

    @Option(names = "--test-data", paramLabel = "PATH",
            description = "Test data, same formats. Default: the t10k files of --train-data's directory when "
                    + "present, else the bundled MNIST test split.")
    Optional<Path> testData;

    @Option(names = "--train-limit", paramLabel = "N",
            description = "Use only the first N training samples.")
    Optional<Integer> trainLimit;

    @Option(names = "--test-limit", paramLabel = "N",
            description = "Use only the first N test samples.")
    Optional<Integer> testLimit;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "Normalize every input feature of both splits as (x - MEAN) / STD before training, like "
                    + "PyTorch's transforms.Normalize((MEAN,), (STD,)): 0.5,0.5 maps pixels from [0, 1] to [-1, 1] "
                    + "(default: none, pixels stay in [0, 1]).")
    Optional<String> normalize;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write results.json, results.csv, report.html, report.md, accuracy.png, loss.png, "
                    + "experiment.yaml and the trial journal trials.jsonl into DIR.")
    Optional<Path> out;

    @Option(names = "--resume", description = "Continue the run in --out DIR: trials already in DIR/trials.jsonl "
            + "are not run again; the results and the report are rebuilt from the journal. Without -f the "
            + "experiment is read from DIR/experiment.yaml; options given on the command line must match it.")
    boolean resume;

    @Option(names = "--force", description = "Start over in an --out DIR that holds the journal of another run "
            + "(its trials are discarded); without it such a directory is an error.")
    boolean force;

    @Option(names = {"-f", "--file"}, paramLabel = "YAML",
            description = "Experiment file with one snake_case field per option (model, init, bias_init, init_rules, "
                    + "seeds, seed, epochs, batch_size, optimizer, backend, threads, train_data, test_data, "
                    + "train_limit, test_limit, normalize, out, quiet, metrics, metrics_port, metrics_bind); flags on the "
                    + "command line win. Every run with --out writes DIR/experiment.yaml.")
    Optional<Path> file;

    @Option(names = "--quiet", description = "No progress output; only the final table.")
    boolean quiet;

    @Option(names = "--save-weights", paramLabel = "DIR",
            description = "Write each finished trial's trained weights to DIR/<init>_seed<S>.safetensors (tensor "
                    + "names 0.weight, 0.bias, ... as in PyTorch), to start the next run from with "
                    + "'pretrained(path=...)'; a spec too long for a file name gets a short name with a hash. "
                    + "DIR/index.json lists each file with its full spec and seed.")
    Optional<Path> saveWeights;

    @Option(names = "--layer-stats",
            description = "Record per-layer activation and gradient statistics and the update-to-weight ratio "
                    + "after every epoch (slower); with --out they are written to DIR/layer_stats.json.")
    boolean layerStats;

    @Option(names = "--metrics", paramLabel = "KIND",
            description = "Publish training and JVM metrics (Micrometer): 'prometheus' serves a scrape endpoint "
                    + "on --metrics-bind:--metrics-port during the run (with --out the final scrape is written to "
                    + "DIR/metrics.prom); 'logging' logs them every 10 seconds.")
    Optional<String> metrics;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of the Prometheus endpoint (default 9464; 0 picks a free port and prints it).")
    Optional<Integer> metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the Prometheus endpoint listens on (default: ${DEFAULT-VALUE}).")
    String metricsBind;

    /**
     * @param runner   runs the trials
     * @param backends the discovered backends
     * @param registry the initializers, for their loading problems
     * @param plugins  the plugins directory, for its loading problems
     * @param trainer  trains each trial
     */
    @Inject
    public CompareCommand(ComparisonRunner runner, List<BackendProvider> backends, InitializerRegistry registry,
                          PluginDirectory plugins, Trainer trainer) {
        this.runner = runner;
        this.backends = backends;
        this.registry = registry;
        this.trainer = trainer;
        List<String> problems = new ArrayList<>(plugins.problems());
        problems.addAll(registry.problems());
        this.loadProblems = List.copyOf(problems);
    }

    @Override
    public Integer call() {
        file.ifPresent(f -> ExperimentOptions.apply(ExperimentFile.read(f), f.toAbsolutePath().getParent(), this));
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (resume && out.isEmpty()) {
            throw new IllegalArgumentException("--resume needs --out DIR, the directory of the run to continue");
        }
        if (resume && force) {
            throw new IllegalArgumentException("--resume continues the run in --out, --force discards it: give one");
        }
        if (resume && file.isEmpty()) {
            ResumedExperiment.apply(out.get(), this);
        }
        if (!quiet) {
            loadProblems.forEach(p -> stderr.println("initlab: warning: " + p));
        }
        Network network = ModelSpec.parse(model);
        OptimizerSpec opt = OptimizerSpec.parse(optimizer);
        TrainingConfig training = new TrainingConfig(epochs, batchSize, opt);
        List<String> initSpecs = SpecLists.split(inits.isEmpty() ? List.of(DEFAULT_INITS) : inits);
        ExperimentConfig config = new ExperimentConfig(network, initSpecs, biasInit, seeds, seed, training, rules);
        ResourceChecks.compare(config, MemoryBudget.ofRuntime());
        normalization();
        threads.ifPresent(t -> ThreadLimit.check("--threads", t));
        OutputPaths.checkNotEmpty("--out", out);
        OutputPaths.checkNotEmpty("--save-weights", saveWeights);
        runner.checkedPlans(config).values().iterator().next().unmatchedOverrideWarnings(network)
                .forEach(w -> warn(stderr, w));
        // closed in reverse order: the directories are unlocked before a shutdown hook lets the JVM exit
        try (GracefulStop stop = GracefulStop.onShutdown();
             OutputDirectoryLocks locks = OutputDirectoryLocks.acquire(out, saveWeights, w -> warn(stderr, w))) {
            out.ifPresent(dir -> TrialJournal.checkStart(dir.resolve(TrialJournal.FILE), resume, force));
            return run(stop, stdout, stderr, network, opt, initSpecs, config);
        }
    }

    private int run(GracefulStop stop, PrintWriter stdout, PrintWriter stderr, Network network, OptimizerSpec opt,
                    List<String> initSpecs, ExperimentConfig config) {
        InputNormalization normalization = normalization();
        BackendProvider provider = Backends.choose(
                Backends.requestedName(backend, System.getProperties(), System.getenv()), backends);
        Dataset train = normalization.apply(limit(trainData.map(p -> DataSources.load(p, Split.TRAIN))
                .orElseGet(BundledMnist::train), trainLimit, "--train-limit"));
        Dataset test = normalization.apply(limit(loadTest(), testLimit, "--test-limit"));
        Trainer.checkData(network, train, "training");
        Trainer.checkData(network, test, "test");
        ResourceChecks.training(config, train.size(), MemoryBudget.ofRuntime());

        BackendOptions options = threads.map(BackendOptions::new).orElseGet(BackendOptions::defaults);
        Map<String, Object> provenance = provenance(train, test, normalization);
        ComparisonResult result;
        Provenance typed;
        LayerStatsRecorder layerRecorder = new LayerStatsRecorder();
        // a weights file that cannot be written is a warning on its trial, even with --quiet: it is lost output
        Optional<WeightsSaver> weightsSaver = saveWeights.map(dir -> new WeightsSaver(dir, network.spec(), w -> {
            stderr.println("initlab: warning: " + w);
            stderr.flush();
        }));
        try (MetricsScope metricsScope = new MetricsScope(metrics.map(kind -> Metrics.start(kind, metricsBind,
                     metricsPort.orElse(Metrics.DEFAULT_PORT), stderr)))) {
            try (Backend b = provider.create(options)) {
                if (!quiet) {
                    stderr.printf(Locale.ROOT, "initlab compare: %s, %d initializer%s x %d seed%s, %d epoch%s, batch %d, "
                                    + "%s, bias %s%n  backend %s (%s); train %s (%d), test %s (%d)%n",
                            network.spec(), initSpecs.size(), initSpecs.size() == 1 ? "" : "s", seeds,
                            seeds == 1 ? "" : "s", epochs, epochs == 1 ? "" : "s", batchSize, opt.spec(), biasInit,
                            b.name(), b.device(), train.name(), train.size(), test.name(), test.size());
                    stderr.flush();
                }
                List<TrialSpec> specs = runner.trials(config, b.name());
                Map<TrialSpec, TrialResult> finished = Map.of();
                Optional<TrialJournal> journal = Optional.empty();
                if (out.isPresent()) {
                    Path journalFile = out.get().resolve(TrialJournal.FILE);
                    TrialJournal.Contents contents = resume
                            ? TrialJournal.read(journalFile, w -> warn(stderr, w))
                            : new TrialJournal.Contents(List.of(), 0);
                    String data = dataDescription(train, test);
                    finished = TrialJournal.finished(contents, specs, data, journalFile);
                    if (resume && !quiet) {
                        stderr.printf(Locale.ROOT, "resuming %s: %d of %d trials already finished%n", out.get(),
                                finished.size(), specs.size());
                    }
                    ExperimentOptions.write(out.get().resolve(ResumedExperiment.FILE), this, specs, b.name(),
                            options.threads());
                    journal = Optional.of(TrialJournal.open(journalFile, contents.validBytes(), data));
                }
                List<TrainingListener> listeners = new ArrayList<>();
                listeners.add(stop.listener());
                metricsScope.metrics().ifPresent(m -> {
                    TrainingMetrics trainingMetrics = new TrainingMetrics(b.name());
                    trainingMetrics.bindTo(m.registry());
                    listeners.add(trainingMetrics);
                });
                if (layerStats) {
                    listeners.add(layerRecorder);
                }
                typed = RunProvenance.collect(registry, runner.plans(config), b.name(), b.device(), train, test);
                weightsSaver.ifPresent(saver -> saver.provenance(RunProvenance.jsonText(typed)));
                weightsSaver.ifPresent(listeners::add);
                if (!quiet) {
                    listeners.add(new ConsoleProgress(stderr, System.console() != null, specs.size(), finished.size()));
                }
                TrialJournal sink = journal.orElse(null);
                try {
                    result = runner.run(config, b.name(), b.device(),
                            new LocalTrialRunner(registry, trainer, b, train, test), finished,
                            new CompositeListener(listeners), (s, r) -> {
                                if (sink != null) {
                                    sink.append(s, r);
                                }
                            });
                } finally {
                    journal.ifPresent(TrialJournal::close);
                }
            }
            stdout.print(SummaryTable.render(result));
            stdout.flush();
            ComparisonResult done = result;
            Optional<Provenance> runProvenance = Optional.of(typed);
            boolean outputsWritten = out.isEmpty() || ComparisonOutputs.write(out.get(), List.of(
                    new ComparisonOutputs.Part("results", files -> new ResultsWriter().write(files, done, provenance,
                            runProvenance)),
                    new ComparisonOutputs.Part("layer statistics", files -> {
                        if (layerStats) {
                            layerRecorder.write(files);
                        }
                    }),
                    new ComparisonOutputs.Part("metrics", files -> metricsScope.metrics()
                            .ifPresent(m -> m.writeScrape(files))),
                    new ComparisonOutputs.Part("report", files -> new ReportWriter().write(files, done,
                            RunProvenance.reportConfig(new ResultsWriter().toJson(done, provenance).get("config"),
                                    runProvenance.get()),
                            InitialActivationProbe.computeOrWarn(runner, config, train, stderr),
                            layerStats ? layerRecorder.afterTraining() : List.of()))), stderr, quiet);
            int weightsLost = weightsSaver.map(WeightsSaver::failures).orElse(0);
            if (weightsLost > 0) {
                stderr.printf(Locale.ROOT, "initlab: the trained weights of %d trial%s were not saved to %s (see the "
                        + "warnings above)%n", weightsLost, weightsLost == 1 ? "" : "s", saveWeights.get());
                stderr.flush();
            }
            if (!result.complete()) {
                stderr.printf(Locale.ROOT, "initlab: stopped; %d of %d trials finished%s%n", result.trials().size(),
                        initSpecs.size() * seeds, out.map(d -> " and written to " + d + " (continue with --resume)")
                                .orElse(""));
                stderr.flush();
                return STOPPED;
            }
            if (!outputsWritten || weightsLost > 0) {
                return OUTPUT_NOT_WRITTEN;
            }
        }
        boolean anyFailed = result.trials().stream().anyMatch(t -> t.status() == TrialStatus.FAILED);
        return anyFailed ? 1 : 0;
    }

    private void warn(PrintWriter stderr, String warning) {
        if (!quiet) {
            stderr.println("initlab: warning: " + warning);
            stderr.flush();
        }
    }

    /** @return which data the trials run on, as recorded in the journal */
    private static String dataDescription(Dataset train, Dataset test) {
        return "train " + train.name() + " (" + train.size() + "), test " + test.name() + " (" + test.size() + ")";
    }

    /** Whether an option was given on the command line (not taken from its default or an experiment file). */
    boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private Dataset loadTest() {
        if (testData.isPresent()) {
            return DataSources.load(testData.get(), Split.TEST);
        }
        if (trainData.isPresent() && Files.isDirectory(trainData.get())) {
            try {
                MnistDirectory.locate(trainData.get(), Split.TEST);
                return MnistDirectory.load(trainData.get(), Split.TEST);
            } catch (IllegalArgumentException e) {
                return BundledMnist.test();
            }
        }
        return BundledMnist.test();
    }

    private static Dataset limit(Dataset data, Optional<Integer> limit, String option) {
        if (limit.isEmpty()) {
            return data;
        }
        if (limit.get() < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, got " + limit.get());
        }
        return limit.get() >= data.size() ? data : data.head(limit.get());
    }

    /** @return the --normalize option parsed, {@link InputNormalization#NONE} when absent */
    InputNormalization normalization() {
        try {
            return normalize.map(InputNormalization::parse).orElse(InputNormalization.NONE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--normalize: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> provenance(Dataset train, Dataset test, InputNormalization normalization) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (!normalization.isIdentity()) {
            p.put("normalize", normalization.spec());
        }
        p.put("train_data", train.name());
        p.put("train_size", train.size());
        p.put("test_data", test.name());
        p.put("test_size", test.size());
        if (trainData.isEmpty() || testData.isEmpty()) {
            p.put("bundled_mnist_sha256", BundledMnist.sha256());
        }
        p.put("initlab_version", VersionProvider.version());
        p.put("java_version", System.getProperty("java.version"));
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("processors", Runtime.getRuntime().availableProcessors());
        cpuModel().ifPresent(cpu -> p.put("cpu", cpu));
        return p;
    }

    /** @return the CPU's model name from /proc/cpuinfo, where there is one */
    static Optional<String> cpuModel() {
        try (java.util.stream.Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
