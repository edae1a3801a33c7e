package org.initlab.app;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.data.InputNormalization;
import org.initlab.core.experiment.ComparisonRunner;
import org.initlab.core.experiment.ExperimentConfig;
import org.initlab.core.experiment.TrialRunnerProvider;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.limits.MemoryBudget;
import org.initlab.core.limits.ThreadLimit;
import org.initlab.core.model.Network;
import org.initlab.core.plugin.PluginDirectory;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
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
    /** Exit code of a run stopped by Ctrl-C or SIGTERM after writing what was finished (128 + SIGINT). */
    static final int STOPPED = 130;
    /** Exit code of a run that finished but could not write an output it was asked for (a full disk, say). */
    static final int OUTPUT_NOT_WRITTEN = 1;

    private final ComparisonRunner runner;
    private final List<BackendProvider> backends;
    private final List<String> loadProblems;
    private final InitializerRegistry registry;
    private final Trainer trainer;
    private final List<TrialRunnerProvider> trialRunners;

    @Spec
    CommandSpec spec;

    /** --model, --init, --bias-init and --init-rule, declared once for compare and inspect. */
    @Mixin
    NetworkOptions networkOptions = new NetworkOptions();

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
            description = "sgd(lr, momentum, nesterov, weight_decay, warmup) or adam(lr, beta1, beta2, eps, "
                    + "weight_decay, warmup); warmup=N raises the learning rate linearly over the first N steps, "
                    + "lr * min(1, t/N) (default: ${DEFAULT-VALUE}).")
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
                    + "train_limit, test_limit, normalize, out, quiet, metrics, metrics_port, metrics_bind, runner, "
                    + "master); flags on the command line win. Every run with --out writes DIR/experiment.yaml.")
    Optional<Path> file;

    @Option(names = "--quiet", description = "No progress output; only the final table.")
    boolean quiet;

    @Option(names = "--save-weights", paramLabel = "DIR",
            description = "Write each finished trial's trained weights to DIR/<init>_seed<S>.safetensors (tensor "
                    + "names 0.weight, 0.bias, ... as in PyTorch), to start the next run from with "
                    + "'pretrained(path=...)'; a spec too long for a file name gets a short name with a hash. "
                    + "DIR/index.json lists each file with its full spec and seed.")
    Optional<Path> saveWeights;

    /** --runner and --master: what runs the trials. */
    @Mixin
    RunnerOptions runners = new RunnerOptions();

    @Option(names = "--layer-stats",
            description = "Record per-layer activation and gradient statistics and the update-to-weight ratio "
                    + "after every epoch (slower); with --out they are written to DIR/layer_stats.json.")
    boolean layerStats;

    @Mixin
    MetricsOptions metricsOptions = new MetricsOptions();

    /**
     * @param runner   runs the trials
     * @param backends the discovered backends
     * @param registry the initializers, for their loading problems
     * @param plugins  the plugins directory, for its loading problems
     * @param trainer  trains each trial
     * @param trialRunners the discovered trial runners, for --runner
     */
    @Inject
    public CompareCommand(ComparisonRunner runner, List<BackendProvider> backends, InitializerRegistry registry,
                          PluginDirectory plugins, Trainer trainer, List<TrialRunnerProvider> trialRunners) {
        this.runner = runner;
        this.backends = backends;
        this.registry = registry;
        this.trainer = trainer;
        this.trialRunners = List.copyOf(trialRunners);
        List<String> problems = new ArrayList<>(plugins.problems());
        problems.addAll(registry.problems());
        this.loadProblems = List.copyOf(problems);
    }

    @Override
    public Integer call() {
        file.ifPresent(f -> ExperimentOptions.apply(ExperimentFile.read(f), f.toAbsolutePath().getParent(), this));
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        checkResume();
        if (!quiet) {
            loadProblems.forEach(p -> stderr.println("initlab: warning: " + p));
        }
        ExperimentConfig config = experiment();
        checkBeforeStart(config, stderr);
        TrialRunnerProvider runnerProvider = runners.choose(trialRunners);
        // closed in reverse order: the directories are unlocked before a shutdown hook lets the JVM exit
        try (GracefulStop stop = GracefulStop.onShutdown();
             OutputDirectoryLocks locks = OutputDirectoryLocks.acquire(out, saveWeights, w -> warn(stderr, w))) {
            out.ifPresent(dir -> TrialJournal.checkStart(dir.resolve(TrialJournal.FILE), resume, force));
            BackendProvider provider = Backends.choose(
                    Backends.requestedName(backend, System.getProperties(), System.getenv()), backends);
            return new CompareRun(this, runner, registry, trainer, runnerProvider, stop, stdout, stderr)
                    .run(config, provider);
        }
    }

    /** Checks --resume against --out and --force and, without -f, reads the experiment of the run to continue. */
    private void checkResume() {
        if (resume && out.isEmpty()) {
            throw new IllegalArgumentException("--resume needs --out DIR, the directory of the run to continue");
        }
        if (resume && force) {
            throw new IllegalArgumentException("--resume continues the run in --out, --force discards it: give one");
        }
        if (resume && file.isEmpty()) {
            ResumedExperiment.apply(out.get(), this);
        }
    }

    /** @return the experiment the options describe */
    private ExperimentConfig experiment() {
        Network network = networkOptions.network();
        OptimizerSpec optimizerSpec = OptimizerSpec.parse(optimizer);
        networkOptions.widthScaling(Optional.of(optimizerSpec));
        TrainingConfig training = new TrainingConfig(epochs, batchSize, optimizerSpec,
                networkOptions.parametrization());
        return new ExperimentConfig(network, networkOptions.weightSpecs(), networkOptions.biasInit, seeds, seed,
                training, networkOptions.rules);
    }

    /** Everything that can be checked before a trial starts: memory, threads, output paths, rule matches. */
    private void checkBeforeStart(ExperimentConfig config, PrintWriter stderr) {
        ResourceChecks.compare(config, MemoryBudget.ofRuntime());
        normalization();
        threads.ifPresent(t -> ThreadLimit.check("--threads", t));
        OutputPaths.checkNotEmpty("--out", out);
        OutputPaths.checkNotEmpty("--save-weights", saveWeights);
        runner.checkedPlans(config).values().iterator().next().unmatchedOverrideWarnings(config.network())
                .forEach(w -> warn(stderr, w));
    }

    void warn(PrintWriter stderr, String warning) {
        if (!quiet) {
            stderr.println("initlab: warning: " + warning);
            stderr.flush();
        }
    }

    /** Whether an option was given on the command line (not taken from its default or an experiment file). */
    boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** @return the --normalize option parsed, {@link InputNormalization#NONE} when absent */
    InputNormalization normalization() {
        return DataSets.normalization(normalize);
    }

    /** @return where the data and the software came from, for results.json */
    Map<String, Object> provenance(Dataset train, Dataset test, InputNormalization normalization) {
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
