package org.initlab.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.NamedInitializer;
import org.initlab.core.limits.MemoryBudget;
import org.initlab.core.limits.ThreadLimit;
import org.initlab.core.inspect.Inspection;
import org.initlab.core.inspect.Inspector;
import org.initlab.core.inspect.LayerStatistics;
import org.initlab.core.inspect.ProbeBatches;
import org.initlab.core.model.Network;
import org.initlab.core.width.WidthScaling;
import org.initlab.spi.SeededRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code initlab inspect}: diagnoses initializers at initialization, without training and without a backend.
 * For each initializer it materializes the plan, runs one forward and one backward pass of a batch on the host
 * and prints per weighted layer (dense or convolution, with what follows it up to the next one) the statistics of {@link LayerStatistics}, then a verdict and a recommendation.
 * {@code --json} prints {@code {"inits": [{"init", "layers": [...], "verdict", "recommendation"}]}} instead of
 * the table; {@code --out DIR} writes both as {@code inspect.json} and {@code inspect.txt}, and plots like
 * Glorot and Bengio's (2010) figures: {@code forward.png} (activation std per layer) and {@code backward.png}
 * (std of {@code dL/da} per layer), one line per initializer on a log scale. For a network with residual blocks
 * every initializer also gets the residual stream per block and its verdict ({@link ResidualStreamOutput}: a
 * table, the JSON fields {@code residual_stream} and {@code residual_verdict}, and {@code residual_stream.csv}
 * under {@code --out}). For a transformer every initializer gets each block's stream after its attention and
 * feed-forward branches, its attention entropy against uniform attention's and its logit std, with an attention
 * verdict and a stream verdict ({@link TransformerBlocksOutput}: a table, the JSON fields
 * {@code transformer_blocks}, {@code attention_verdict} and {@code transformer_stream_verdict}, and
 * {@code transformer_blocks.csv} under {@code --out}).
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Diagnose initializers at initialization: one forward and one backward pass of a batch, "
                + "statistics per layer, a verdict and a recommendation. No training, no backend.",
                "With no options: MLP 784-512-128-10 (ReLU) on 256 bundled MNIST digits with zeros, "
                        + "normal(std=0.01), xavier-normal and he-normal."})
public final class InspectCommand implements Callable<Integer> {
    /** Where the batch comes from. */
    enum Input {
        /** N(0, 1) inputs of the model's input width with random labels. */
        GAUSSIAN,
        /** A seeded random sample of the bundled MNIST training digits. */
        DATA
    }

    private final InitializerRegistry registry;
    private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    /** --model, --init, --bias-init and --init-rule, declared once for compare and inspect. */
    @Mixin
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(names = "--input", paramLabel = "KIND", defaultValue = "data",
            description = "gaussian: N(0, 1) inputs of the model's width with random labels; data: a seeded random "
                    + "sample of the bundled MNIST training digits (default: ${DEFAULT-VALUE}).")
    Input input;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "Normalize the batch's features as (x - MEAN) / STD, as compare --normalize does "
                    + "(0.5,0.5 maps pixels from [0, 1] to [-1, 1]; default: none).")
    Optional<String> normalize;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "128",
            description = "Samples in the batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the weights and of the batch (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of the host passes (LSUV, the measurement) (default: all processors).")
    Optional<Integer> threads;

    @Option(names = "--json", description = "Print JSON instead of the table.")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write inspect.json, inspect.txt and the plots "
            + "forward.png (activation std per layer) and backward.png (gradient std per layer) into DIR, and "
            + "residual_stream.csv for a network with residual blocks, transformer_blocks.csv for a transformer.")
    Optional<Path> out;

    /** @param registry resolves initializer specs */
    @Inject
    public InspectCommand(InitializerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws IOException {
        WidthScaling scaling = networkOptions.widthScaling(Optional.empty());
        Network network = scaling.network();
        List<InitializationPlan> plans = networkOptions.plans(registry);
        NamedInitializer bias = plans.get(0).biases();
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        }
        int hostThreads = threads.orElse(Runtime.getRuntime().availableProcessors());
        if (hostThreads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + hostThreads);
        }
        ThreadLimit.check("--threads", hostThreads);
        ResourceChecks.inspect(network, batch, MemoryBudget.ofRuntime());
        plans.get(0).unmatchedOverrideWarnings(network).forEach(this::warn);
        out.ifPresent(dir -> OutputPaths.prepareDirectory("--out", dir));
        Dataset samples = DataSets.normalization(normalize).apply(samples(network));
        if (out.isPresent()) {
            try (OutputDirectoryLock lock = OutputDirectoryLock.acquire("--out", out.get(), this::warn)) {
                return inspect(scaling, bias, plans, samples, hostThreads);
            }
        }
        return inspect(scaling, bias, plans, samples, hostThreads);
    }

    private int inspect(WidthScaling scaling, NamedInitializer bias, List<InitializationPlan> plans, Dataset samples,
                        int hostThreads) throws IOException {
        Network network = scaling.network();
        List<Inspection> inspections = new ArrayList<>();
        for (InitializationPlan plan : plans) {
            inspections.add(Inspector.inspect(scaling, plan, seed, samples, hostThreads));
        }
        String jsonText = mapper.writeValueAsString(toJson(inspections)) + "\n";
        String table = table(network, samples, bias.spec(), inspections);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(json ? jsonText : table);
        stdout.flush();
        if (out.isPresent()) {
            write(out.get().resolve("inspect.json"), jsonText);
            write(out.get().resolve("inspect.txt"), table);
            if (ResidualStreamOutput.any(inspections)) {
                write(out.get().resolve(ResidualStreamOutput.CSV_FILE), ResidualStreamOutput.csv(inspections));
            }
            if (TransformerBlocksOutput.any(inspections)) {
                write(out.get().resolve(TransformerBlocksOutput.CSV_FILE), TransformerBlocksOutput.csv(inspections));
            }
            writePlots(out.get(), inspections);
        }
        return 0;
    }

    private Dataset samples(Network network) {
        SeededRandom random = SeededRandom.of(seed).fork("probe");
        if (input == Input.GAUSSIAN) {
            return ProbeBatches.gaussian(network.inputWidth(), network.outputWidth(), batch, random);
        }
        Dataset mnist = BundledMnist.train();
        if (network.inputWidth() != mnist.featureCount()) {
            throw new IllegalArgumentException("--input data feeds the bundled MNIST digits (" + mnist.featureCount()
                    + " features) but model " + network.spec() + " expects " + network.inputWidth()
                    + " inputs; use --input gaussian");
        }
        if (network.outputWidth() < mnist.classCount()) {
            throw new IllegalArgumentException("--input data has " + mnist.classCount() + " classes but model "
                    + network.spec() + " has only " + network.outputWidth() + " outputs; use --input gaussian");
        }
        if (batch > mnist.size()) {
            throw new IllegalArgumentException("--batch " + batch + " is larger than the " + mnist.size()
                    + " bundled MNIST training digits");
        }
        return ProbeBatches.sample(mnist, batch, random);
    }

    ObjectNode toJson(List<Inspection> inspections) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode array = root.putArray("inits");
        for (Inspection inspection : inspections) {
            ObjectNode node = array.addObject();
            node.put("init", inspection.init());
            ArrayNode layers = node.putArray("layers");
            for (LayerStatistics l : inspection.layers()) {
                layerJson(layers.addObject(), l);
            }
            node.put("verdict", inspection.verdict());
            node.put("recommendation", inspection.recommendation());
            ResidualStreamOutput.json(node, inspection);
            TransformerBlocksOutput.json(node, inspection);
        }
        return root;
    }

    /**
     * Writes the fields of one layer as {@code inspect --json} names them (non-finite and unknown numbers as
     * {@code null}); shared with any writer of training-time layer statistics, which may add its own fields.
     *
     * @param node the object to fill
     * @param l    the statistics
     * @return {@code node}
     */
    static ObjectNode layerJson(ObjectNode node, LayerStatistics l) {
        node.put("index", l.index());
        node.put("name", l.name());
        number(node, "preactivation_mean", l.preactivationMean());
        number(node, "preactivation_std", l.preactivationStd());
        number(node, "preactivation_second_moment", l.preactivationSecondMoment());
        number(node, "activation_mean", l.activationMean());
        number(node, "activation_std", l.activationStd());
        number(node, "saturated_fraction", l.saturatedFraction());
        number(node, "dead_fraction", l.deadFraction());
        number(node, "weight_std", l.weightStd());
        number(node, "weight_std_theory", l.weightStdTheory());
        number(node, "gradient_std", l.gradientStd());
        number(node, "weight_gradient_std", l.weightGradientStd());
        number(node, "variance_ratio", l.varianceRatio());
        number(node, "variance_ratio_theory", l.varianceRatioTheory());
        node.put("symmetric_units", l.symmetricUnits());
        node.put("description", l.description());
        node.put("kind", l.kind().name().toLowerCase(Locale.ROOT));
        return node;
    }

    private static void number(ObjectNode node, String field, OptionalDouble value) {
        number(node, field, value.orElse(Double.NaN));
    }

    private static void number(ObjectNode node, String field, double value) {
        TrialJson.number(node, field, value);
    }

    static String table(Network network, Dataset samples, String bias, List<Inspection> inspections) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "initlab inspect: %s, %d samples of %s, bias %s%n", network.spec(),
                samples.size(), samples.name(), bias));
        int nameWidth = Math.max(5, inspections.stream().flatMap(i -> i.layers().stream())
                .mapToInt(l -> l.name().length()).max().orElse(0));
        String name = "%" + nameWidth + "s";
        String header = String.format(Locale.ROOT, "%5s " + name + " %6s %-10s %9s %9s %9s %9s %9s %6s %6s %9s %9s "
                        + "%9s %9s %9s %9s %5s  %s%n", "layer", "name", "units", "activation", "z mean", "z std", "E[z^2]",
                "a mean", "a std", "sat%", "dead%", "W std", "W theory", "dL/da", "dL/dW", "ratio", "theory", "sym",
                "stage");
        for (Inspection inspection : inspections) {
            sb.append(String.format(Locale.ROOT, "%n== %s%n", inspection.init())).append(header);
            for (LayerStatistics l : inspection.layers()) {
                sb.append(String.format(Locale.ROOT, "%5d " + name + " %6d %-10s %9s %9s %9s %9s %9s %6.1f %6.1f %9s "
                                + "%9s %9s %9s %9s %9s %5d  %s%n", l.index(), l.name(), l.units(), l.activation().specName(),
                        cell(l.preactivationMean()), cell(l.preactivationStd()), cell(l.preactivationSecondMoment()),
                        cell(l.activationMean()), cell(l.activationStd()), 100 * l.saturatedFraction(),
                        100 * l.deadFraction(), cell(l.weightStd()), cell(l.weightStdTheory().orElse(Double.NaN)),
                        cell(l.gradientStd()), cell(l.weightGradientStd()), cell(l.varianceRatio().orElse(Double.NaN)),
                        cell(l.varianceRatioTheory().orElse(Double.NaN)), l.symmetricUnits(),
                        l.description()));
            }
            ResidualStreamOutput.table(sb, inspection);
            TransformerBlocksOutput.table(sb, inspection);
            sb.append("verdict: ").append(inspection.verdict()).append('\n');
            sb.append("recommendation: ").append(inspection.recommendation()).append('\n');
        }
        return sb.toString();
    }

    private static String cell(double value) {
        return BlockRowsOutput.cell(value);
    }

    /** Writes forward.png and backward.png; a plot that cannot be drawn (no fonts, say) is a warning. */
    private void writePlots(Path dir, List<Inspection> inspections) {
        try {
            write(dir.resolve("forward.png"), Charts.forward(inspections));
            write(dir.resolve("backward.png"), Charts.backward(inspections));
        } catch (RuntimeException | LinkageError e) {
            warn("plots not written: " + e);
        }
    }

    private void warn(String warning) {
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.println("initlab: warning: " + warning);
        stderr.flush();
    }

    private static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path target, byte[] content) {
        try {
            OutputFiles.atomicWrite(target, content);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out: cannot write " + target + " (" + e + ")", e);
        }
    }
}
