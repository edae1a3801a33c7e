package org.initlab.runner.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.experiment.BatchTrialRunner;
import org.initlab.core.experiment.RunnerContext;
import org.initlab.core.experiment.TrialRunners;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.sweep.Grid;
import org.initlab.core.sweep.SweepSpec;
import org.initlab.core.sweep.SweepTrial;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingListener;

/**
 * Benchmark (a main, not a test): the 24-trial grid of {@code examples/sweeps/bench-24.yaml} through the local
 * runner (one trial at a time with every thread) and through Spark {@code local[N]} (N tasks of one thread),
 * alternating, and prints the wall times, their ratio and trials per hour. Spark's time includes starting
 * and stopping its context. Run from the repository root with the command in {@code runner-spark/README.md}
 * (Benchmark): arguments rounds and N.
 */
public final class SparkRunnerBenchmark {
    private SparkRunnerBenchmark() {
    }

    /**
     * @param args rounds (default 2) and the N of local[N] (default: the processors)
     * @throws Exception never on purpose
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int cores = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("depth", List.of("2", "4"));
        axes.put("sw", List.of("0.5", "1.0", "1.5", "2.0", "2.5", "3.0"));
        List<TrialSpec> trials = new SweepSpec("mlp:784-64x{depth}-10:tanh", "scaled-normal(sigma_w={sw})",
                "normal(std=0.05)", List.of(), "sgd(lr=0.01, momentum=0.9)", "1", "64", 2, 0, new Grid(axes))
                .trials("native", 100).stream().map(SweepTrial::spec).toList();
        Dataset train = BundledMnist.train().head(2000);
        Dataset test = BundledMnist.test().head(500);
        ClassLoader loader = SparkRunnerBenchmark.class.getClassLoader();
        BackendProvider backend = Backends.choose(Optional.of("native"), Backends.discover(loader));
        InitializerRegistry registry = InitializerRegistry.load(loader);
        System.out.printf(Locale.ROOT, "%d trials, %d processors, %d rounds%n", trials.size(),
                Runtime.getRuntime().availableProcessors(), rounds);
        double localSum = 0;
        double sparkSum = 0;
        for (int round = 1; round <= rounds; round++) {
            double local = time(trials, "local", Map.of(), Optional.of(cores), backend, registry, train, test);
            double spark = time(trials, "spark", Map.of("master", "local[" + cores + "]"), Optional.of(1), backend,
                    registry, train, test);
            localSum += local;
            sparkSum += spark;
            System.out.printf(Locale.ROOT, "round %d: local %.2f s, spark local[%d] %.2f s, ratio %.3f%n", round,
                    local, cores, spark, spark / local);
        }
        System.out.printf(Locale.ROOT, "mean: local %.2f s (%.0f trials/hour), spark local[%d] %.2f s (%.0f "
                        + "trials/hour), spark / local = %.3f%n", localSum / rounds,
                trials.size() * 3600 / (localSum / rounds), cores, sparkSum / rounds,
                trials.size() * 3600 / (sparkSum / rounds), sparkSum / localSum);
    }

    private static double time(List<TrialSpec> trials, String runner, Map<String, String> options,
                               Optional<Integer> threads, BackendProvider backend, InitializerRegistry registry,
                               Dataset train, Dataset test) {
        long start = System.nanoTime();
        RunnerContext context = new RunnerContext(options, backend, threads, registry, new Trainer(), train, test,
                TrainingListener.NONE);
        try (BatchTrialRunner r = TrialRunners.choose(runner, TrialRunners.discover(
                SparkRunnerBenchmark.class.getClassLoader()), "").create(context)) {
            int[] done = {0};
            r.runAll(trials, (s, result) -> done[0]++);
            if (done[0] != trials.size()) {
                throw new IllegalStateException(runner + " finished " + done[0] + " trials");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
