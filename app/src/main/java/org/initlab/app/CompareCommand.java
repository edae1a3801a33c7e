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
import org.initlab.core.experiment.InitSummary;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.plugin.PluginDirectory;
import org.initlab.core.optim.OptimizerSpec;
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

    private final ComparisonRunner runner;
    private final List<BackendProvider> backends;
    private final List<String> loadProblems;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "SPEC", defaultValue = "mlp:784-512-128-10:relu",
            description = "Model spec, e.g. mlp:784-512-128-10:relu or mlp:784-256x3-10:tanh (default: ${DEFAULT-VALUE}).")
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
            description = "Write results.json and results.csv into DIR.")
    Optional<Path> out;

    @Option(names = "--quiet", description = "No progress output; only the final table.")
    boolean quiet;

    /**
     * @param runner   runs the trials
     * @param backends the discovered backends
     * @param registry the initializers, for their loading problems
     * @param plugins  the plugins directory, for its loading problems
     */
    @Inject
    public CompareCommand(ComparisonRunner runner, List<BackendProvider> backends, InitializerRegistry registry,
                          PluginDirectory plugins) {
        this.runner = runner;
        this.backends = backends;
        List<String> problems = new ArrayList<>(plugins.problems());
        problems.addAll(registry.problems());
        this.loadProblems = List.copyOf(problems);
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (!quiet) {
            loadProblems.forEach(p -> stderr.println("initlab: warning: " + p));
        }
        Network network = ModelSpec.parse(model);
        OptimizerSpec opt = OptimizerSpec.parse(optimizer);
        TrainingConfig training = new TrainingConfig(epochs, batchSize, opt);
        List<String> initSpecs = SpecLists.split(inits.isEmpty() ? List.of(DEFAULT_INITS) : inits);
        ExperimentConfig config = new ExperimentConfig(network, initSpecs, biasInit, seeds, seed, training, rules);
        runner.plans(config);
        if (out.isPresent()) {
            prepareOutputDirectory(out.get());
        }
        BackendProvider provider = Backends.choose(
                Backends.requestedName(backend, System.getProperties(), System.getenv()), backends);
        Dataset train = limit(trainData.map(p -> DataSources.load(p, Split.TRAIN)).orElseGet(BundledMnist::train),
                trainLimit, "--train-limit");
        Dataset test = limit(loadTest(), testLimit, "--test-limit");
        Trainer.checkData(network, train, "training");
        Trainer.checkData(network, test, "test");

        BackendOptions options = threads.map(BackendOptions::new).orElseGet(BackendOptions::defaults);
        ComparisonResult result;
        try (Backend b = provider.create(options)) {
            if (!quiet) {
                stderr.printf(Locale.ROOT, "initlab compare: %s, %d initializer%s x %d seed%s, %d epoch%s, batch %d, "
                                + "%s, bias %s%n  backend %s (%s); train %s (%d), test %s (%d)%n",
                        network.spec(), initSpecs.size(), initSpecs.size() == 1 ? "" : "s", seeds,
                        seeds == 1 ? "" : "s", epochs, epochs == 1 ? "" : "s", batchSize, opt.spec(), biasInit,
                        b.name(), b.device(), train.name(), train.size(), test.name(), test.size());
                stderr.flush();
            }
            TrainingListener listener = quiet ? TrainingListener.NONE
                    : new ConsoleProgress(stderr, System.console() != null, initSpecs.size() * seeds);
            result = runner.run(config, b, train, test, listener);
        }
        stdout.print(table(result));
        stdout.flush();
        if (out.isPresent()) {
            new ResultsWriter().write(out.get(), result, provenance(train, test));
            if (!quiet) {
                stderr.println("results written to " + out.get().resolve("results.json") + " and results.csv");
            }
        }
        boolean anyFailed = result.trials().stream().anyMatch(t -> t.status() == TrialStatus.FAILED);
        return anyFailed ? 1 : 0;
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

    private static void prepareOutputDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--out " + dir + ": cannot create the directory (" + e + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("--out " + dir + ": directory is not writable");
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
        return p;
    }

    static String table(ComparisonResult result) {
        StringBuilder sb = new StringBuilder();
        int w = Math.max(12, result.summary().stream().mapToInt(s -> s.init().length()).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "%n%-" + w + "s  %-20s  %-10s  %-13s  %-8s  %s%n", "init",
                "test acc mean ± std", "train loss", "epochs to 90%", "time", "trials"));
        for (InitSummary s : result.summary()) {
            String acc = Double.isNaN(s.testAccuracyMean()) ? "-"
                    : String.format(Locale.ROOT, "%6.2f%% ± %5.2f", 100 * s.testAccuracyMean(),
                    100 * s.testAccuracyStd());
            String loss = Double.isNaN(s.trainLossMean()) ? "-" : String.format(Locale.ROOT, "%.4f",
                    s.trainLossMean());
            String e90 = s.epochsTo90Mean().isPresent()
                    ? String.format(Locale.ROOT, "%.1f (%d/%d)", s.epochsTo90Mean().getAsDouble(), s.reached90(),
                    s.trials())
                    : "never";
            String trials = s.ok() + " ok" + (s.diverged() > 0 ? ", " + s.diverged() + " diverged" : "")
                    + (s.failed() > 0 ? ", " + s.failed() + " failed" : "");
            sb.append(String.format(Locale.ROOT, "%-" + w + "s  %-20s  %-10s  %-13s  %-8s  %s%n", s.init(), acc,
                    loss, e90, String.format(Locale.ROOT, "%.1fs", s.secondsTotal()), trials));
        }
        for (TrialResult t : result.trials()) {
            if (t.status() == TrialStatus.FAILED) {
                sb.append("failed: ").append(t.init()).append(" seed ").append(t.seed()).append(": ")
                        .append(t.message().orElse("")).append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "%ntotal %.1fs on %s (%s)%n", result.seconds(), result.backend(),
                result.device()));
        return sb.toString();
    }
}
