package org.initlab.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.initlab.core.sweep.SweepSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of {@code initlab sweep}, and how a {@link SweepFile} fills those not given on the command line.
 * Settings that go into trials are templates: {@code {name}} is replaced by the grid value of axis
 * {@code name}.
 */
final class SweepOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "YAML",
            description = "Sweep file: the fields of compare's experiment files (model, init, bias_init, init_rules, "
                    + "seeds, seed, epochs, batch_size, optimizer, parametrization, backend, threads, train_data, "
                    + "test_data, "
                    + "train_limit, test_limit, out, quiet, metrics, metrics_port, metrics_bind) plus grid (axis: "
                    + "[values]), plot ({x, y, value}), runner, master, parallel and max_trials; flags win.")
    Optional<Path> file = Optional.empty();

    @Option(names = "--grid", paramLabel = "NAME=V1,V2,...",
            description = "A grid axis (repeatable), e.g. --grid sw=0.5,1,1.5 --grid depth=10,20; {NAME} in any "
                    + "setting is replaced by each value.")
    List<String> gridFlags = new ArrayList<>();

    @Option(names = "--model", paramLabel = "TEMPLATE", defaultValue = "mlp:784-512-128-10:relu",
            description = "Model spec template, e.g. 'mlp:784-256x{depth}-10:tanh' (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--init", paramLabel = "TEMPLATE", defaultValue = "he-normal",
            description = "Weight initializer template, e.g. 'scaled-normal(sigma_w={sw})' (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--bias-init", paramLabel = "TEMPLATE", defaultValue = "zeros",
            description = "Bias initializer template (default: ${DEFAULT-VALUE}).")
    String biasInit;

    @Option(names = "--init-rule", paramLabel = "GLOB=TEMPLATE",
            description = "Per-parameter override on top of --init and --bias-init (repeatable; first match wins).")
    List<String> rules = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Seeds per grid point (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "First seed; the trials of a point use S, S+1, ... (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", paramLabel = "TEMPLATE", defaultValue = "5",
            description = "Epochs per trial, a number or e.g. '{ep}' (default: ${DEFAULT-VALUE}).")
    String epochs;

    @Option(names = "--batch-size", paramLabel = "TEMPLATE", defaultValue = "64",
            description = "Mini-batch size, a number or e.g. '{bs}' (default: ${DEFAULT-VALUE}).")
    String batchSize;

    @Option(names = "--optimizer", paramLabel = "TEMPLATE", defaultValue = "sgd(lr=0.01, momentum=0.9)",
            description = "Optimizer template, e.g. 'sgd(lr={lr})' (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--parametrization", paramLabel = "TEMPLATE", defaultValue = "sp",
            description = "Width parametrization template: sp, ntk or mup, each with an optional base_width=N, e.g. "
                    + "'{p}(base_width=64)' with --grid p=sp,ntk,mup (sp ignores base_width; default: "
                    + "${DEFAULT-VALUE}).")
    String parametrization;

    @Option(names = "--plot", paramLabel = "X,Y[,VALUE]",
            description = "A heatmap of VALUE over grid axes X and Y plus a line chart along X (repeatable); VALUE "
                    + "is test_accuracy (default), test_loss, train_loss, seconds or ok.")
    List<String> plotFlags = new ArrayList<>();

    /** --runner and --master, declared once for compare and sweep. */
    @Mixin
    RunnerOptions runners = new RunnerOptions();

    @Option(names = "--parallel", paramLabel = "N",
            description = "Local runner: trials at once, each with the processors divided among them (default 1: "
                    + "one trial with every thread, the faster choice measured on 2 cores).")
    Optional<Integer> parallel = Optional.empty();

    @Option(names = "--max-trials", paramLabel = "N", defaultValue = "100000",
            description = "Refuse sweeps with more trials (grid points x seeds) than this (default: ${DEFAULT-VALUE}).")
    long maxTrials;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Compute backend (default: as for compare; see 'initlab list').")
    Optional<String> backend = Optional.empty();

    @Option(names = "--threads", paramLabel = "N",
            description = "Backend threads per trial (default: the runner's choice).")
    Optional<Integer> threads = Optional.empty();

    @Option(names = "--train-data", paramLabel = "PATH", description = "Training data, as for compare.")
    Optional<Path> trainData = Optional.empty();

    @Option(names = "--test-data", paramLabel = "PATH", description = "Test data, as for compare.")
    Optional<Path> testData = Optional.empty();

    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training samples.")
    Optional<Integer> trainLimit = Optional.empty();

    @Option(names = "--test-limit", paramLabel = "N", description = "Use only the first N test samples.")
    Optional<Integer> testLimit = Optional.empty();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write sweep.csv, sweep_points.csv, sweep.json, report.html, sweep.yaml and the trial "
                    + "journal trials.jsonl into DIR.")
    Optional<Path> out = Optional.empty();

    @Option(names = "--resume", description = "Continue the sweep in --out DIR: trials already in DIR/trials.jsonl "
            + "are not run again.")
    boolean resume;

    @Option(names = "--force", description = "Start over in an --out DIR that holds the journal of another run (its "
            + "trials are discarded); without it such a directory is an error.")
    boolean force;

    @Option(names = "--quiet", description = "No progress output; only the table of grid points.")
    boolean quiet;

    @Mixin
    MetricsOptions metricsOptions = new MetricsOptions();

    /** The grid, from --grid flags or the file. */
    Map<String, List<String>> grid = new LinkedHashMap<>();

    /** The plots, from --plot flags or the file. */
    List<SweepFile.Plot> plots = new ArrayList<>();

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * Applies a file's fields to the options not given on the command line, then the --grid and --plot flags.
     *
     * @param f    the file (may be an empty one)
     * @param base the file's directory, for relative paths
     */
    void apply(SweepFile f, Path base) {
        model = pick("--model", f.model(), model);
        init = pick("--init", f.init(), init);
        biasInit = pick("--bias-init", f.biasInit(), biasInit);
        rules = f.initRules() != null && !given("--init-rule") ? new ArrayList<>(f.initRules()) : rules;
        seeds = pick("--seeds", f.seeds(), seeds);
        seed = pick("--seed", f.seed(), seed);
        epochs = pick("--epochs", f.epochs(), epochs);
        batchSize = pick("--batch-size", f.batchSize(), batchSize);
        optimizer = pick("--optimizer", f.optimizer(), optimizer);
        parametrization = pick("--parametrization", f.parametrization(), parametrization);
        runners.runner = pick("--runner", f.runner(), runners.runner);
        maxTrials = pick("--max-trials", f.maxTrials(), maxTrials);
        metricsOptions.metricsBind = pick("--metrics-bind", f.metricsBind(), metricsOptions.metricsBind);
        backend = pickOptional("--backend", f.backend(), backend);
        threads = pickOptional("--threads", f.threads(), threads);
        runners.master = pickOptional("--master", f.master(), runners.master);
        parallel = pickOptional("--parallel", f.parallel(), parallel);
        trainLimit = pickOptional("--train-limit", f.trainLimit(), trainLimit);
        testLimit = pickOptional("--test-limit", f.testLimit(), testLimit);
        metricsOptions.metrics = pickOptional("--metrics", f.metrics(), metricsOptions.metrics);
        metricsOptions.metricsPort = pickOptional("--metrics-port", f.metricsPort(), metricsOptions.metricsPort);
        trainData = pickOptional("--train-data", f.trainData() == null ? null
                : ExperimentFile.resolve(base, f.trainData()), trainData);
        testData = pickOptional("--test-data", f.testData() == null ? null
                : ExperimentFile.resolve(base, f.testData()), testData);
        out = pickOptional("--out", f.out() == null ? null : ExperimentFile.resolve(base, f.out()), out);
        quiet = f.quiet() != null && !given("--quiet") ? f.quiet() : quiet;
        if (f.grid() != null) {
            grid = new LinkedHashMap<>(f.grid());
        }
        if (f.plot() != null) {
            plots = new ArrayList<>(f.plot());
        }
    }

    /** Reads the --grid and --plot flags; they replace the file's axes of the same name and add plots. */
    void applyFlags() {
        for (String g : gridFlags) {
            int eq = g.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--grid '" + g + "': expected NAME=V1,V2,..., e.g. sw=0.5,1,1.5");
            }
            List<String> values = new ArrayList<>();
            for (String v : g.substring(eq + 1).split(",", -1)) {
                values.add(v.strip());
            }
            grid.put(g.substring(0, eq).strip(), values.size() == 1 && values.get(0).isEmpty() ? List.of() : values);
        }
        for (String p : plotFlags) {
            String[] parts = p.split(",");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("--plot '" + p + "': expected X,Y[,VALUE], e.g. sw,depth,test_accuracy");
            }
            plots.add(new SweepFile.Plot(parts[0].strip(), parts[1].strip(), parts.length == 3 ? parts[2].strip()
                    : null));
        }
    }

    private <T> T pick(String option, T fromFile, T current) {
        return fromFile != null && !given(option) ? fromFile : current;
    }

    private <T> Optional<T> pickOptional(String option, T fromFile, Optional<T> current) {
        return fromFile != null && !given(option) ? Optional.of(fromFile) : current;
    }

    /** @return the resolved settings as a sweep file, written as DIR/sweep.yaml */
    SweepFile toFile() {
        return new SweepFile(model, new LinkedHashMap<>(grid), init, biasInit, List.copyOf(rules), seeds, seed,
                epochs, batchSize, optimizer, "sp".equals(parametrization) ? null : parametrization,
                backend.orElse(null), threads.orElse(null),
                trainData.map(Path::toString).orElse(null), testData.map(Path::toString).orElse(null),
                trainLimit.orElse(null), testLimit.orElse(null), null, null, null, null, null,
                plots.isEmpty() ? null : List.copyOf(plots), runners.runner, runners.master.orElse(null),
                parallel.orElse(null), maxTrials == SweepSpec.DEFAULT_MAX_TRIALS ? null : maxTrials);
    }
}
