package org.initlab.backends.purejava;

import java.util.Arrays;
import java.util.Locale;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.backend.kit.KitFixtures;
import org.initlab.core.backend.kit.KitFixtures.Batch;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;

/**
 * A small training-throughput harness (not a test, no assertions): trains a model on random batches and
 * prints samples per second for each thread count, as the median of several timed rounds after a warm-up.
 *
 * <p>Usage: {@code PureJavaBackendBenchmark [spec] [batch] [seconds per round] [threads...]}; defaults
 * {@code mlp:784-512-128-10:relu 64 2 1 2}. Run it from the module after {@code test-compile} with
 * {@code target/classes}, {@code target/test-classes} and the core, core test and SPI jars on the class path
 * (see the module README).
 */
public final class PureJavaBackendBenchmark {
    private PureJavaBackendBenchmark() {
    }

    /** @param args spec, batch size, seconds per round, thread counts */
    public static void main(String[] args) {
        String spec = args.length > 0 ? args[0] : "mlp:784-512-128-10:relu";
        int batchSize = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 2;
        int[] threadCounts = args.length > 3
                ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};
        Network network = ModelSpec.parse(spec);
        Batch[] batches = new Batch[16];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = KitFixtures.batch(network, batchSize, i);
        }
        OptimizerSpec optimizer = new OptimizerSpec.Sgd(0.01, 0.9, false, 0);
        for (int threads : threadCounts) {
            try (Backend backend = new PureJavaBackendProvider().create(new BackendOptions(threads));
                 TrainingSession session = backend.open(network, KitFixtures.parameters(network, 1), optimizer,
                         batchSize)) {
                double[] rounds = new double[7];
                for (int round = -2; round < rounds.length; round++) {
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
                System.out.printf(Locale.ROOT, "%s batch %d, %s: median %.0f samples/s (min %.0f, max %.0f)%n",
                        spec, batchSize, backend.device(), sorted[sorted.length / 2], sorted[0],
                        sorted[sorted.length - 1]);
            }
        }
    }
}
