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
import org.initlab.core.data.MnistDirectory;
import org.initlab.core.data.Split;
import org.initlab.core.experiment.ComparisonResult;
import org.initlab.core.experiment.ComparisonRunner;
import org.initlab.core.experiment.ExperimentConfig;
import org.initlab.core.experiment.LocalTrialRunner;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.init.InitializerRegistry;
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
    /** Exit code of a run stopped by Ctrl-C after writing what was finished (128 + SIGINT). */
    static final int STOPPED = 130;

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
            description = "Worker threads of the backend (default: all processors).")
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

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write results.json, results.csv, report.html, report.md, accuracy.png, loss.png, "
                    + "experiment.yaml and the trial journal trials.jsonl into DIR.")
    Optional<Path> out;

    @Option(names = "--resume", description = "Continue the run in --out DIR: trials already in DIR/trials.jsonl "
            + "are not run again; the results and the report are rebuilt from the journal.")
    boolean resume;

    @Option(names = {"-f", "--file"}, paramLabel = "YAML",
            description = "Experiment file with one snake_case field per option (model, init, bias_init, init_rules, "
                    + "seeds, seed, epochs, batch_size, optimizer, backend, threads, train_data, test_data, "
                    + "train_limit, test_limit, out, quiet, metrics, metrics_port, metrics_bind); flags on the "
                    + "command line win. Every run with --out writes DIR/experiment.yaml.")
    Optional<Path> file;

    @Option(names = "--quiet", description = "No progress output; only the final table.")
    boolean quiet;

    @Option(names = "--save-weights", paramLabel = "DIR",
            description = "Write each finished trial's trained weights to DIR/<init>_seed<S>.safetensors (tensor "
                    + "names 0.weight, 0.bias, ... as in PyTorch), to start the next run from with "
                    + "'pretrained(path=...)'.")
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
        if (!quiet) {
            loadProblems.forEach(p -> stderr.println("initlab: warning: " + p));
        }
        Network network = ModelSpec.parse(model);
        OptimizerSpec opt = OptimizerSpec.parse(optimizer);
        TrainingConfig training = new TrainingConfig(epochs, batchSize, opt);
        List<String> initSpecs = SpecLists.split(inits.isEmpty() ? List.of(DEFAULT_INITS) : inits);
        ExperimentConfig config = new ExperimentConfig(network, initSpecs, biasInit, seeds, seed, training, rules);
        runner.checkedPlans(config);
        if (out.isPresent()) {
            prepareOutputDirectory("--out", out.get());
        }
        if (saveWeights.isPresent()) {
            prepareOutputDirectory("--save-weights", saveWeights.get());
        }
        BackendProvider provider = Backends.choose(
                Backends.requestedName(backend, System.getProperties(), System.getenv()), backends);
        Dataset train = limit(trainData.map(p -> DataSources.load(p, Split.TRAIN)).orElseGet(BundledMnist::train),
                trainLimit, "--train-limit");
        Dataset test = limit(loadTest(), testLimit, "--test-limit");
        Trainer.checkData(network, train, "training");
        Trainer.checkData(network, test, "test");

        BackendOptions options = threads.map(BackendOptions::new).orElseGet(BackendOptions::defaults);
        Map<String, Object> provenance = provenance(train, test);
        ComparisonResult result;
        Provenance typed;
        LayerStatsRecorder layerRecorder = new LayerStatsRecorder();
        try (GracefulStop stop = GracefulStop.onShutdown();
             MetricsScope metricsScope = new MetricsScope(metrics.map(kind -> Metrics.start(kind, metricsBind,
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
                    ExperimentOptions.write(out.get().resolve("experiment.yaml"), this, specs, b.name(),
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
                typed = RunProvenance.collect(registry, runner.plans(config), b.name(), b.device(), train,
                        test);
                saveWeights.ifPresent(dir -> listeners.add(new WeightsSaver(dir, RunProvenance.jsonText(typed))));
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
                    if (layerStats && out.isPresent()) {
                        layerRecorder.write(out.get());
                    }
                }
            }
            stdout.print(SummaryTable.render(result));
            stdout.flush();
            if (out.isPresent()) {
                ResultsWriter writer = new ResultsWriter();
                writer.write(out.get(), result, provenance, Optional.of(typed));
                metricsScope.metrics().ifPresent(m -> m.writeScrape(out.get().resolve("metrics.prom")));
                try {
                    new ReportWriter().write(out.get(), result,
                            RunProvenance.reportConfig(writer.toJson(result, provenance).get("config"), typed),
                            InitialActivationProbe.computeOrWarn(runner, config, train, stderr),
                            layerStats ? layerRecorder.afterTraining() : List.of());
                } catch (RuntimeException e) {
                    // the results are safe; a report that cannot be drawn (no fonts, say) must not lose them
                    stderr.println("initlab: warning: report not written: " + e);
                }
                if (!quiet) {
                    stderr.println("results written to " + out.get().resolve("results.json")
                            + ", results.csv and report.html");
                }
            }
            if (!result.complete()) {
                stderr.printf(Locale.ROOT, "initlab: stopped; %d of %d trials finished%s%n", result.trials().size(),
                        initSpecs.size() * seeds, out.map(d -> " and written to " + d + " (continue with --resume)")
                                .orElse(""));
                stderr.flush();
                return STOPPED;
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

    private static void prepareOutputDirectory(String option, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(option + " " + dir + ": cannot create the directory (" + e + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": directory is not writable");
        }
    }

    private Map<String, Object> provenance(Dataset train, Dataset test) {
        Map<String, Object> p = new LinkedHashMap<>();
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
