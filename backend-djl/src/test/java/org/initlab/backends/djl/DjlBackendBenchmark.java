package org.initlab.backends.djl;

import java.util.Arrays;
import java.util.Locale;
import org.initlab.backends.purejava.PureJavaBackendProvider;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.backend.kit.KitFixtures;
import org.initlab.core.backend.kit.KitFixtures.Batch;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;

/**
 * A training-throughput comparison (not a test, no assertions): trains one model on the same random batches
 * from the same parameters with the pure-Java backend and with this one, in one JVM, and prints samples per
 * second of each (median of seven timed rounds after two warm-up rounds) and the native / DJL ratio.
 *
 * <p>Usage: {@code DjlBackendBenchmark [spec] [batch] [seconds per round] [threads]}; defaults
 * {@code mlp:784-512-128-10:relu 64 2 <all processors>}. Run it after {@code test-compile} with the module's
 * test class path (see the module README).
 */
public final class DjlBackendBenchmark {
    private static final int WARM_UP_ROUNDS = 2;
    private static final int ROUNDS = 7;

    private DjlBackendBenchmark() {
    }

    /** @param args spec, batch size, seconds per round, threads */
    public static void main(String[] args) {
        String spec = args.length > 0 ? args[0] : "mlp:784-512-128-10:relu";
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        Network network = ModelSpec.parse(spec);
        Batch[] batches = new Batch[16];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = KitFixtures.batch(network, batchSize, i);
        }
        ParameterSet initial = KitFixtures.parameters(network, 1);
        OptimizerSpec optimizer = new OptimizerSpec.Sgd(0.01, 0.9, false, 0);
        double nativeRate = measure(new PureJavaBackendProvider(), network, initial, optimizer, batches, seconds,
                threads);
        double djlRate = measure(new DjlBackendProvider(), network, initial, optimizer, batches, seconds, threads);
        System.out.printf(Locale.ROOT, "native / djl = %.2f%n", nativeRate / djlRate);
    }

    private static double measure(BackendProvider provider, Network network, ParameterSet initial,
                                  OptimizerSpec optimizer, Batch[] batches, double seconds, int threads) {
        int batchSize = batches[0].size();
        try (Backend backend = provider.create(new BackendOptions(threads));
             TrainingSession session = backend.open(network, initial, optimizer, batchSize)) {
            double[] rounds = new double[ROUNDS];
            for (int round = -WARM_UP_ROUNDS; round < rounds.length; round++) {
                long start = System.nanoTime();
                long deadline = start + (long) (seconds * 1e9);
                long steps = 0;
                long now;
                do {
                    Batch b = batches[(int) (steps % batches.length)];
                    session.trainStep(b.inputs(), b.labels(), batchSize);
                    steps++;
                    now = System.nanoTime();
                } while (now < deadline);
                if (round >= 0) {
                    rounds[round] = steps * batchSize / ((now - start) / 1e9);
                }
            }
            double[] sorted = rounds.clone();
            Arrays.sort(sorted);
            double median = sorted[sorted.length / 2];
            System.out.printf(Locale.ROOT, "%-6s %s batch %d, %s: median %.0f samples/s (min %.0f, max %.0f)%n",
                    provider.name(), network, batchSize, backend.device(), median, sorted[0],
                    sorted[sorted.length - 1]);
            return median;
        }
    }
}
