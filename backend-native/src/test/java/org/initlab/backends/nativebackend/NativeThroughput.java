package org.initlab.backends.nativebackend;

import java.util.Locale;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;

/**
 * Training throughput of the native backend alone: {@code trainStep} on 32 random batches in turn with
 * {@code sgd(lr=0.01, momentum=0.9)}, median of seven 1-second rounds after a 10-second warm-up, in samples/s and effective
 * GFLOP/s ({@code 6 x forward multiply-adds x samples/s}). From the repository root, after
 * {@code ./mvnw -o -q -B -pl backend-native -am verify -DskipTests}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp backend-native/target/classes:backend-native/target/test-classes:\
 * core/target/classes:core/target/test-classes:initializers-spi/target/classes \
 * org.initlab.backends.nativebackend.NativeThroughput 'cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu' 64 2
 * </pre>
 *
 * Arguments: model spec, batch size, threads, and optionally {@code scalar} to switch the Vector API kernels
 * off (they are off anyway without {@code --add-modules jdk.incubator.vector}).
 */
public final class NativeThroughput {
    private NativeThroughput() {
    }

    /**
     * @param args spec, batch, threads [, scalar]
     */
    public static void main(String[] args) {
        Network network = ModelSpec.parse(args[0]);
        int batch = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        if (args.length > 3 && args[3].equals("scalar")) {
            Kernels.useVector(false);
        }
        // many random batches: one repeated batch is memorized, and the tiny gradients that follow turn
        // subnormal, which x86 computes a hundred times slower
        KitFixtures.Batch[] data = new KitFixtures.Batch[32];
        for (int i = 0; i < data.length; i++) {
            data[i] = KitFixtures.batch(network, batch, i + 1);
        }
        int next = 0;
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(threads));
             TrainingSession session = backend.open(network, NetworkFixtures.parameters(network, 1),
                     OptimizerSpec.parse("sgd(lr=0.01, momentum=0.9)"), batch, 1)) {
            // long enough for C2 to compile the Vector API kernels even on a busy machine
            long budget = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < budget) {
                KitFixtures.Batch b = data[next++ % data.length];
                session.trainStep(b.inputs(), b.labels(), batch);
            }
            double[] rounds = new double[7];
            for (int r = 0; r < rounds.length; r++) {
                long start = System.nanoTime();
                int steps = 0;
                while (System.nanoTime() - start < 1_000_000_000L) {
                    KitFixtures.Batch b = data[next++ % data.length];
                    session.trainStep(b.inputs(), b.labels(), batch);
                    steps++;
                }
                rounds[r] = (double) steps * batch / ((System.nanoTime() - start) / 1e9);
            }
            java.util.Arrays.sort(rounds);
            double samples = rounds[rounds.length / 2];
            System.out.printf(Locale.ROOT, "%s batch %d, %d thread(s), %s: %.0f samples/s (%.0f..%.0f), %.1f GFLOP/s%n",
                    network, batch, threads, Kernels.description(), samples, rounds[0], rounds[rounds.length - 1],
                    6.0 * network.forwardMultiplyAdds() * samples / 1e9);
        }
    }
}
