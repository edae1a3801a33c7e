package org.initlab.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.limits.MemoryBudget;
import org.initlab.core.limits.ThreadLimit;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.Network;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.spi.SeededRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code initlab bench}: training throughput of one model on each backend, measured in one run on the same
 * random batches from the same initial weights, so the ratio between backends is fair.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure training throughput (samples/s) of a model on each available backend in one run.",
                "Each backend trains from the same he-normal weights on the same 16 random batches in rotation: "
                        + "warm-up, then the median of several timed rounds.",
                "For a model with convolutions (a patch embedding included) the djl backend is measured twice: "
                        + "as it trains (im2col + matmul) and as djl-conv2d, with libtorch's own conv2d "
                        + "(what nn.Conv2d runs in PyTorch)."})
public final class BenchCommand implements Callable<Integer> {
    private static final int BATCHES = 16;
    /** The djl backend's switch to libtorch's own conv2d (see its {@code DjlConvolution}). */
    static final String DJL_CONV2D = "initlab.djl.conv2d";

    private final InitializerRegistry registry;
    private final List<BackendProvider> backends;

    @Spec
    CommandSpec spec;

    /** --model, declared once for compare, inspect and bench. */
    @Mixin
    ModelOption modelOption = new ModelOption();

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--backend", paramLabel = "NAMES", split = ",",
            description = "Backends to measure (default: every available one).")
    List<String> names = new ArrayList<>();

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "sgd(lr=0.01, momentum=0.9)",
            description = "Optimizer (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: all processors; at most 4 x the processors).")
    Optional<Integer> threads;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2",
            description = "Warm-up time per backend (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Timed rounds per backend; the median is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--round-seconds", paramLabel = "SECONDS", defaultValue = "1",
            description = "Length of one timed round (default: ${DEFAULT-VALUE}).")
    double roundSeconds;

    @Option(names = "--json", description = "Print {\"results\": [{\"backend\", \"model\", \"batch_size\", "
            + "\"samples_per_second\"}, ...]} instead of a table.")
    boolean json;

    /**
     * @param registry initializers (for the he-normal starting weights)
     * @param backends the discovered backends
     */
    @Inject
    public BenchCommand(InitializerRegistry registry, List<BackendProvider> backends) {
        this.registry = registry;
        this.backends = backends;
    }

    /** One measured backend. */
    record Result(String backend, String device, double samplesPerSecond, double[] rounds) {
    }

    /** The same random batches for every backend: inputs in [0, 1), labels uniform over the classes. */
    private record Batches(float[][] inputs, int[][] labels) {
    }

    @Override
    public Integer call() throws Exception {
        Network network = modelOption.network();
        OptimizerSpec opt = OptimizerSpec.parse(optimizer);
        BenchOptions.check(batchSize, rounds, roundSeconds, warmup);
        threads.ifPresent(t -> ThreadLimit.check("--threads", t));
        ResourceChecks.bench(network, batchSize, rounds, MemoryBudget.ofRuntime());
        List<BackendProvider> chosen = chosenBackends();
        List<Result> results = measureAll(chosen, network, opt, randomBatches(network));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            printJson(out, network, results);
        } else {
            printTable(out, network, opt, results);
        }
        out.flush();
        return 0;
    }

    /** @return the backends named by --backend, else every available one */
    private List<BackendProvider> chosenBackends() {
        List<BackendProvider> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            backends.stream().filter(b -> b.availability().available()).forEach(chosen::add);
        } else {
            for (String name : names) {
                chosen.add(Backends.choose(Optional.of(name), backends));
            }
        }
        return chosen;
    }

    private Batches randomBatches(Network network) {
        float[][] inputs = new float[BATCHES][batchSize * network.inputWidth()];
        int[][] labels = new int[BATCHES][batchSize];
        SeededRandom random = SeededRandom.of(0).fork("bench");
        for (int b = 0; b < BATCHES; b++) {
            for (int i = 0; i < inputs[b].length; i++) {
                inputs[b][i] = (float) random.nextDouble();
            }
            for (int i = 0; i < batchSize; i++) {
                labels[b][i] = random.nextInt(network.outputWidth());
            }
        }
        return new Batches(inputs, labels);
    }

    /** Measures each backend from the same he-normal weights; djl twice for a model with convolutions. */
    private List<Result> measureAll(List<BackendProvider> chosen, Network network, OptimizerSpec opt,
                                    Batches batches) {
        ParameterSet initial = InitializationPlan.of(registry.resolve("he-normal"), registry.resolve("zeros"))
                .materialize(network, 0);
        BackendOptions options = threads.map(BackendOptions::new).orElseGet(BackendOptions::defaults);
        PrintWriter err = spec.commandLine().getErr();
        float[][] inputs = batches.inputs();
        int[][] labels = batches.labels();
        List<Result> results = new ArrayList<>();
        boolean convolutional = network.flatLayers().stream()
                .anyMatch(l -> l instanceof Conv2dLayer || l instanceof PatchEmbedding);
        for (BackendProvider provider : chosen) {
            results.add(measure(provider, provider.name(), options, network, initial, opt, inputs, labels, err));
            if (convolutional && provider.name().equals("djl")) {
                // the djl backend computes convolutions as im2col + matmul because libtorch's oneDNN conv2d
                // gave wrong gradients on the development machine; PyTorch users run conv2d, so measure it too
                String previous = System.setProperty(DJL_CONV2D, "true");
                try {
                    results.add(measure(provider, "djl-conv2d", options, network, initial, opt, inputs, labels,
                            err));
                } finally {
                    if (previous == null) {
                        System.clearProperty(DJL_CONV2D);
                    } else {
                        System.setProperty(DJL_CONV2D, previous);
                    }
                }
            }
        }
        return results;
    }

    private void printJson(PrintWriter out, Network network, List<Result> results) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ArrayNode array = root.putArray("results");
        for (Result r : results) {
            ObjectNode n = array.addObject();
            n.put("backend", r.backend());
            n.put("model", network.spec());
            n.put("batch_size", batchSize);
            n.put("samples_per_second", r.samplesPerSecond());
            n.put("device", r.device());
            n.put("gflops", gflops(network, r.samplesPerSecond()));
        }
        out.println(mapper.writeValueAsString(root));
    }

    private void printTable(PrintWriter out, Network network, OptimizerSpec opt, List<Result> results) {
        out.printf(Locale.ROOT, "%s, batch %d, %s%n", network.spec(), batchSize, opt.spec());
        for (Result r : results) {
            out.printf(Locale.ROOT, "  %-10s %12.0f samples/s  %6.1f GFLOP/s  (%s)%n", r.backend(),
                    r.samplesPerSecond(), gflops(network, r.samplesPerSecond()), r.device());
        }
        for (int i = 0; i < results.size(); i++) {
            for (int j = 0; j < results.size(); j++) {
                if (i != j && results.get(j).samplesPerSecond() > 0) {
                    out.printf(Locale.ROOT, "  ratio %s/%s = %.2f%n", results.get(i).backend(),
                            results.get(j).backend(),
                            results.get(i).samplesPerSecond() / results.get(j).samplesPerSecond());
                }
            }
        }
    }

    private Result measure(BackendProvider provider, String label, BackendOptions options, Network network,
                           ParameterSet initial, OptimizerSpec opt, float[][] inputs, int[][] labels,
                           PrintWriter err) {
        if (!json) {
            err.println("bench: " + label + " ...");
            err.flush();
        }
        try (Backend backend = provider.create(options);
             TrainingSession session = backend.open(network, initial, opt, batchSize)) {
            run(session, inputs, labels, (long) (warmup * 1e9));
            double[] perRound = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                long steps = run(session, inputs, labels, (long) (roundSeconds * 1e9));
                perRound[r] = steps * batchSize / ((System.nanoTime() - start) / 1e9);
            }
            double[] sorted = perRound.clone();
            Arrays.sort(sorted);
            return new Result(label, backend.device(), sorted[rounds / 2], perRound);
        }
    }

    private static long run(TrainingSession session, float[][] inputs, int[][] labels, long nanos) {
        long end = System.nanoTime() + nanos;
        long steps = 0;
        do {
            int b = (int) (steps % BATCHES);
            session.trainStep(inputs[b], labels[b], labels[b].length);
            steps++;
        } while (System.nanoTime() < end);
        return steps;
    }

    /** Training costs about three times the forward pass's 2 * multiply-adds per sample. */
    private static double gflops(Network network, double samplesPerSecond) {
        return 6.0 * network.forwardMultiplyAdds() * samplesPerSecond / 1e9;
    }
}
