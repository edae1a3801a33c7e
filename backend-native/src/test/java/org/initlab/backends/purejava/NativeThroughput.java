package org.initlab.backends.purejava;

import java.util.Locale;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.backend.kit.KitFixtures;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;

/**
 * Training throughput of the native backend alone: {@code trainStep} on random batches with
 * {@code sgd(lr=0.01, momentum=0.9)}, median of timed rounds after a warm-up, in samples/s and effective
 * GFLOP/s ({@code 6 x forward multiply-adds x samples/s}). From the repository root, after
 * {@code ./mvnw -o -q -B -pl backend-native -am verify -DskipTests}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp backend-native/target/classes:backend-native/target/test-classes:\
 * core/target/classes:core/target/test-classes:initializers-spi/target/classes \
 * org.initlab.backends.purejava.NativeThroughput 'cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu' 64 2
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
        KitFixtures.Batch data = KitFixtures.batch(network, batch, 1);
        try (Backend backend = new PureJavaBackendProvider().create(new BackendOptions(threads));
             TrainingSession session = backend.open(network, NetworkFixtures.parameters(network, 1),
                     OptimizerSpec.parse("sgd(lr=0.01, momentum=0.9)"), batch, 1)) {
            long budget = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < budget) {
                session.trainStep(data.inputs(), data.labels(), batch);
            }
            double[] rounds = new double[7];
            for (int r = 0; r < rounds.length; r++) {
                long start = System.nanoTime();
                int steps = 0;
                while (System.nanoTime() - start < 700_000_000L) {
                    session.trainStep(data.inputs(), data.labels(), batch);
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
