package org.initlab.app;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.inspect.ProbeBatches;
import org.initlab.core.limits.MemoryBudget;
import org.initlab.core.limits.ThreadLimit;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.width.CoordinateCheck;
import org.initlab.core.width.CoordinateCheckResult;
import org.initlab.core.width.CoordinateCheckSettings;
import org.initlab.core.width.Parametrization;
import org.initlab.core.width.WidthModel;
import org.initlab.core.width.WidthScaling;
import org.initlab.spi.SeededRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code initlab coord-check}: the coordinate check of the maximal update parametrization (Yang et al. 2022,
 * "Tensor Programs V"; the {@code mup} package's {@code get_coord_data} and {@code plot_coord_data}). For each
 * width of a model template it trains a few optimizer steps on the bundled digits under the chosen
 * parametrization and measures every layer's mean absolute output and its change since initialization on a
 * probe batch of held-out digits ({@link CoordinateCheck}); prints a verdict per layer and, with {@code --out},
 * writes {@code coord_check.csv}, {@code coord_check.json} and {@code report.html} ({@link CoordCheckOutput}).
 */
@Command(name = "coord-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The muP coordinate check: train each width a few steps and see whether every layer's "
                + "activations (and their change since initialization) stay the same size as the network widens.",
                "Example: initlab coord-check --model 'mlp:784-{width}-{width}-10' --widths 64,128,256,512,1024 "
                        + "--parametrization 'mup(base_width=64)' --out runs/coord. Prints a verdict per layer: "
                        + "stable, grows with width or vanishes with width (with the fitted exponent)."})
public final class CoordCheckCommand implements Callable<Integer> {
    /** The placeholder the model template must contain. */
    static final String PLACEHOLDER = "{width}";

    private final InitializerRegistry registry;
    private final List<BackendProvider> backends;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "TEMPLATE", defaultValue = "mlp:784-{width}-{width}-10",
            description = "Model spec with {width} where the width goes (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--widths", paramLabel = "N,N,...", split = ",", defaultValue = "64,128,256,512,1024",
            description = "Widths to compare, at least 2 (default: ${DEFAULT-VALUE}).")
    List<Integer> widths = new ArrayList<>();

    @Option(names = "--parametrization", paramLabel = "SPEC", defaultValue = NetworkOptions.DEFAULT_PARAMETRIZATION,
            description = "Width parametrization: sp (standard), ntk (Jacot et al. 2018) or mup (maximal update, "
                    + "Yang et al. 2022), each with an optional base_width=N, e.g. 'mup(base_width=64)' "
                    + "(docs/reference/parametrizations.md; default: ${DEFAULT-VALUE}).")
    String parametrization;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "adam(lr=0.01)",
            description = "Optimizer (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "4",
            description = "Optimizer steps after initialization (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3",
            description = "Runs per width, seeds 0..N-1; the sizes are averaged over them (one seed at small "
                    + "widths is noisy; default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--init", paramLabel = "SPEC", defaultValue = "he-normal",
            description = "Weight initializer (default: ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--bias-init", paramLabel = "SPEC", defaultValue = NetworkOptions.DEFAULT_BIAS_INIT,
            description = "Bias initializer (default: ${DEFAULT-VALUE}).")
    String biasInit;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Training samples per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--probe", paramLabel = "N", defaultValue = "256",
            description = "Held-out digits whose layer outputs are measured (default: ${DEFAULT-VALUE}).")
    int probe;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend that trains (default: as compare chooses, see 'initlab list').")
    Optional<String> backend;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of the backend and of the host passes (default: all processors).")
    Optional<Integer> threads;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Also write coord_check.csv, coord_check.json and report.html (one chart per layer) into DIR.")
    Optional<Path> out;

    /**
     * @param registry resolves initializer specs
     * @param backends the discovered backends
     */
    @Inject
    public CoordCheckCommand(InitializerRegistry registry, List<BackendProvider> backends) {
        this.registry = registry;
        this.backends = backends;
    }

    @Override
    public Integer call() {
        List<Network> networks = networks(model, widths);
        Parametrization p = Parametrization.parse(parametrization);
        OptimizerSpec opt = OptimizerSpec.parse(optimizer);
        InitializationPlan plan = InitializationPlan.of(registry.resolve(init), registry.resolve(biasInit));
        CoordinateCheckSettings settings = settings(steps, seeds, batchSize, opt);
        if (probe < 1) {
            throw new IllegalArgumentException("--probe must be >= 1, got " + probe);
        }
        int threadCount = threads.orElse(Runtime.getRuntime().availableProcessors());
        if (threadCount < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threadCount);
        }
        ThreadLimit.check("--threads", threadCount);
        Network widest = networks.get(networks.size() - 1);
        Dataset training = BundledMnist.train();
        Dataset probeBatch = probeBatch(widest, training);
        ResourceChecks.inspect(widest, probe, MemoryBudget.ofRuntime());
        MemoryBudget.ofRuntime().requireTraining("--widths " + widest.spec(), widest, batchSize);
        List<WidthModel> models = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            models.add(widthModel(widths.get(i), networks.get(i), p, opt, plan, probeBatch, threadCount));
        }
        BackendProvider provider = Backends.choose(
                Backends.requestedName(backend, System.getProperties(), System.getenv()), backends);
        out.ifPresent(dir -> OutputPaths.prepareDirectory("--out", dir));
        CoordinateCheckResult result;
        try (Backend created = provider.create(new BackendOptions(threadCount))) {
            result = CoordinateCheck.run(models, settings, created, training, probeBatch);
        }
        CoordCheckOutput output = new CoordCheckOutput(new CoordCheckOutput.Settings(model, widths, p.spec(),
                opt.spec(), init, biasInit, steps, seeds, batchSize, probe, provider.name()), result);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(output.table());
        stdout.flush();
        if (out.isPresent()) {
            try (OutputDirectoryLock lock = OutputDirectoryLock.acquire("--out", out.get(), this::warn)) {
                output.write(new OutputFiles(out.get()), this::warn);
            }
        }
        return 0;
    }

    /**
     * The network of every width, widths ascending as given.
     *
     * @param template the model template with {@value #PLACEHOLDER}
     * @param widths   the widths
     * @return one network per width
     * @throws IllegalArgumentException for a template without the placeholder, fewer than 2 widths, a width
     *                                  below 1 or given twice, or a width that does not give a valid model
     */
    static List<Network> networks(String template, List<Integer> widths) {
        if (!template.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("--model '" + template + "' has no " + PLACEHOLDER + " placeholder "
                    + "for the width (e.g. mlp:784-{width}-{width}-10)");
        }
        if (widths.size() < 2) {
            throw new IllegalArgumentException("--widths needs at least 2 widths to compare, got " + widths.size());
        }
        List<Network> networks = new ArrayList<>();
        HashSet<Integer> seen = new HashSet<>();
        for (int w : widths) {
            if (w < 1) {
                throw new IllegalArgumentException("--widths: every width must be >= 1, got " + w);
            }
            if (!seen.add(w)) {
                throw new IllegalArgumentException("--widths: width " + w + " is given twice");
            }
            String text = template.replace(PLACEHOLDER, Integer.toString(w));
            try {
                networks.add(ModelSpec.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--model with width " + w + ": " + e.getMessage(), e);
            }
        }
        return networks;
    }

    private static CoordinateCheckSettings settings(int steps, int seeds, int batchSize, OptimizerSpec opt) {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        return new CoordinateCheckSettings(opt, steps, seeds, batchSize);
    }

    private static WidthModel widthModel(int width, Network network, Parametrization p, OptimizerSpec opt,
                                         InitializationPlan plan, Dataset probeBatch, int threads) {
        WidthScaling scaling = p.apply(network, opt);
        plan.checkStructure(network);
        // as the trainer does: the plan fills the transformed network, the parametrization scales the values
        return new WidthModel(width, scaling.network(),
                seed -> scaling.scaleInitial(plan.materialize(scaling.network(), seed, probeBatch, threads)),
                scaling.groups());
    }

    /** A seeded sample of the bundled test digits, so the probe is never trained on. */
    private Dataset probeBatch(Network network, Dataset training) {
        Dataset test = BundledMnist.test();
        if (network.inputWidth() != training.featureCount()) {
            throw new IllegalArgumentException("coord-check trains on the bundled MNIST digits ("
                    + training.featureCount() + " features) but model " + network.spec() + " expects "
                    + network.inputWidth() + " inputs");
        }
        if (network.outputWidth() < training.classCount()) {
            throw new IllegalArgumentException("coord-check trains on the " + training.classCount() + " classes of "
                    + "the bundled MNIST digits but model " + network.spec() + " has only " + network.outputWidth()
                    + " outputs");
        }
        if (probe > test.size()) {
            throw new IllegalArgumentException("--probe " + probe + " is larger than the " + test.size()
                    + " bundled MNIST test digits");
        }
        if (batchSize > training.size()) {
            throw new IllegalArgumentException("--batch-size " + batchSize + " is larger than the "
                    + training.size() + " bundled MNIST training digits");
        }
        return ProbeBatches.sample(test, probe, SeededRandom.of(0).fork("probe"));
    }

    private void warn(String warning) {
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.println("initlab: warning: " + warning);
        stderr.flush();
    }
}
