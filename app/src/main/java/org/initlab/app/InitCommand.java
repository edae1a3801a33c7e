package org.initlab.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.initlab.core.Initlab;
import org.initlab.core.data.Dataset;
import org.initlab.core.data.InputNormalization;
import org.initlab.core.init.InitialState;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.init.StateBuffer;
import org.initlab.core.model.Network;
import org.initlab.core.width.Parametrization;
import org.initlab.core.width.WidthScaling;
import org.initlab.tensorformats.Int64Tensor;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code initlab init}: writes the whole initial state of a model ({@link InitialState}: parameters and batch
 * normalization buffers, state_dict names) to one safetensors file, bit for bit what {@code compare} starts from
 * for the same seed ({@link Initlab#initialState(Network, InitializationPlan, long, Optional)}), with
 * {@code format=pt}, the specs, the seed and the provenance in its metadata; and prints the equivalent PyTorch
 * module ({@link PytorchModules}).
 */
@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the whole initial state of a model to one safetensors file: every parameter, named as "
                + "PyTorch's nn.Sequential state_dict names them, and batch normalization's running_mean (zeros), "
                + "running_var (ones) and num_batches_tracked (int64 0), bit for bit what compare starts from with "
                + "the same --seed (data-dependent initializers such as lsuv refine on compare's probe batch of "
                + "--train-data).",
                "Takes one --init spec (no default). --print-pytorch prints the equivalent PyTorch module and the "
                        + "load_state_dict(strict=True) call (see docs/reference/initial-weights.md).",
                "With --parametrization ntk or mup the values are the initializer's times the parametrization's "
                        + "factors and the printed module has its forward multipliers (ScaledLinear)."})
public final class InitCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InitializerRegistry registry;

    @Spec
    CommandSpec spec;

    /** --model, --init, --bias-init and --init-rule, as compare declares them. */
    @Mixin
    NetworkOptions networkOptions = new NetworkOptions();

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "Seed: the same as compare's --seed gives compare's starting tensors (default: "
                    + "${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.safetensors",
            description = "The file to write (to FILE.safetensors.tmp first, then renamed); an existing file needs "
                    + "--force.")
    Optional<Path> out;

    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;

    @Option(names = "--print-pytorch",
            description = "Print the equivalent PyTorch nn.Sequential (Python source) whose state_dict names and "
                    + "shapes are the file's, and the line that loads --out into it.")
    boolean printPytorch;

    @Option(names = "--train-data", paramLabel = "PATH",
            description = "Training data the probe batch of data-dependent initializers is drawn from, as compare "
                    + "--train-data (default: the bundled MNIST training split).")
    Optional<Path> trainData;

    @Option(names = "--train-limit", paramLabel = "N", description = "Use only the first N training samples, as "
            + "compare --train-limit.")
    Optional<Integer> trainLimit;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "Normalize the training data as compare --normalize does (default: none).")
    Optional<String> normalize;

    /** @param registry the initializers */
    @Inject
    public InitCommand(InitializerRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (out.isEmpty() && !printPytorch) {
            throw new IllegalArgumentException("give --out FILE.safetensors to write the initial state, or "
                    + "--print-pytorch to print the equivalent PyTorch module");
        }
        WidthScaling scaling = networkOptions.widthScaling(Optional.empty());
        Network network = scaling.network();
        InputNormalization normalization = DataSets.normalization(normalize);
        if (out.isPresent()) {
            checkOutput(out.get());
            InitializationPlan plan = plan();
            plan.unmatchedOverrideWarnings(network).forEach(w -> stderr.println("initlab: warning: " + w));
            Optional<Dataset> train = Optional.empty();
            if (plan.needsData(network)) {
                train = Optional.of(normalization.apply(DataSets.train(trainData, trainLimit)));
            } else if (trainData.isPresent() || trainLimit.isPresent() || normalize.isPresent()) {
                stderr.println("initlab: warning: " + plan.weights().spec() + " needs no data: --train-data, "
                        + "--train-limit and --normalize are not used");
            }
            InitialState state = Initlab.initialState(scaling, plan, seed, train);
            write(out.get(), state, metadata(scaling, plan, train));
            stdout.printf(Locale.ROOT, "wrote %s: %d parameters and %d buffers (%d values) of %s; %s; seed %d%n",
                    out.get(), state.parameters().paths().size(), state.buffers().size(),
                    state.parameters().scalarCount() + state.buffers().stream().mapToLong(b -> b.values().length)
                            .sum(), network.spec(), plan.describe(), seed);
        }
        if (printPytorch) {
            stdout.print(PytorchModules.of(network).script(out.map(p -> p.getFileName().toString())
                    .orElse("initial-state.safetensors")));
        }
        stdout.flush();
        return 0;
    }

    /** The one plan {@code --init}, {@code --bias-init} and {@code --init-rule} describe. */
    private InitializationPlan plan() {
        if (networkOptions.inits.isEmpty()) {
            throw new IllegalArgumentException("--init is required with --out: name one weight initializer, "
                    + "e.g. --init he-normal");
        }
        List<String> specs = networkOptions.weightSpecs();
        if (specs.size() != 1) {
            throw new IllegalArgumentException("--init takes one spec for init, got " + specs.size() + ": "
                    + String.join(", ", specs));
        }
        return networkOptions.plans(registry).get(0);
    }

    private void checkOutput(Path file) {
        OutputPaths.checkWritableFile("--out", file);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new IllegalArgumentException("--out " + file + " exists; give --force to replace it");
        }
    }

    private Map<String, String> metadata(WidthScaling scaling, InitializationPlan plan, Optional<Dataset> train) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("initlab.model", scaling.network().spec());
        if (!(scaling.parametrization() instanceof Parametrization.Standard)) {
            metadata.put("initlab.parametrization", scaling.parametrization().spec());
        }
        metadata.put("initlab.init", plan.weights().spec());
        metadata.put("initlab.bias_init", plan.biases().spec());
        try {
            metadata.put("initlab.init_rules", JSON.writeValueAsString(plan.overrides().stream()
                    .map(o -> o.pathGlob() + "=" + o.initializer().spec()).toList()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serializes", e);
        }
        metadata.put("initlab.seed", Long.toString(seed));
        metadata.put(RunProvenance.METADATA_KEY,
                RunProvenance.jsonText(RunProvenance.collectInitOnly(registry, plan, train)));
        return metadata;
    }

    /**
     * Writes a state as safetensors through a temporary file in the same directory: parameters and running
     * statistics as {@code F32}, {@code num_batches_tracked} as {@code I64}.
     *
     * @param file     the file
     * @param state    the state
     * @param metadata the {@code __metadata__}
     * @throws IllegalArgumentException naming {@code --out} when the file cannot be written
     */
    static void write(Path file, InitialState state, Map<String, String> metadata) {
        Map<String, TensorData> floats = new LinkedHashMap<>();
        Map<String, Int64Tensor> longs = new LinkedHashMap<>();
        for (ParameterTensor t : state.parameters().tensors()) {
            floats.put(t.spec().path(), new TensorData(t.spec().shape().dims(), t.values()));
        }
        for (StateBuffer b : state.buffers()) {
            if (b.kind().integer()) {
                long[] values = new long[b.values().length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (long) b.values()[i];
                }
                longs.put(b.path(), new Int64Tensor(b.shape().dims(), values));
            } else {
                floats.put(b.path(), new TensorData(b.shape().dims(), b.values()));
            }
        }
        try {
            OutputFiles.atomicWrite(file, tmp -> Safetensors.write(tmp, floats, longs, metadata));
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + file + ": cannot write: " + OutputFiles.reason(e), e);
        }
    }
}
