package org.initlab.backends.djl;

import java.util.Locale;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;

/**
 * Training samples per second of the DJL backend with {@code sgd(lr=0.01, momentum=0.9)}: a warm-up, then the
 * median of timed rounds. Run by hand (not part of the test suite), from the repository root after
 * {@code ./mvnw -o -q -pl backend-djl -am test-compile}:
 * <pre>
 * ./mvnw -o -q -pl backend-djl dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
 * OMP_WAIT_POLICY=PASSIVE java -Doffline=true -DOPT_OUT_TRACKING=true -Dinitlab.djl.cache=backend-djl/target/djl-cache \
 *   -cp backend-djl/target/test-classes:backend-djl/target/classes:$(cat backend-djl/target/cp.txt) \
 *   org.initlab.backends.djl.TrainingThroughput [threads] [model ...]
 * </pre>
 */
public final class TrainingThroughput {
    private static final int BATCH = 64;
    private static final int STEPS_PER_ROUND = 30;
    private static final int ROUNDS = 5;

    private TrainingThroughput() {
    }

    /** @param args the thread count, then model specs (default: the MNIST CNN and MLP) */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        String[] models = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length)
                : new String[] {"cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu", "mlp:784-512-128-10:relu"};
        try (Backend backend = new DjlBackendProvider().create(new BackendOptions(threads))) {
            System.out.println("device: " + backend.device());
            for (String model : models) {
                Network network = ModelSpec.parse(model);
                Batch[] batches = new Batch[8];
                for (int i = 0; i < batches.length; i++) {
                    batches[i] = KitFixtures.batch(network, BATCH, i);
                }
                try (TrainingSession session = backend.open(network, CnnFixtures.parameters(network, 1),
                        new OptimizerSpec.Sgd(0.01, 0.9, false, 0), BATCH, 1)) {
                    double[] rates = new double[ROUNDS];
                    for (int round = -2; round < ROUNDS; round++) {
                        long start = System.nanoTime();
                        for (int step = 0; step < STEPS_PER_ROUND; step++) {
                            Batch b = batches[step % batches.length];
                            session.trainStep(b.inputs(), b.labels(), BATCH);
                        }
                        if (round >= 0) {
                            rates[round] = STEPS_PER_ROUND * BATCH / ((System.nanoTime() - start) / 1e9);
                        }
                    }
                    java.util.Arrays.sort(rates);
                    System.out.printf(Locale.ROOT, "%s batch %d threads %d: median %.0f samples/s (rounds %.0f..%.0f)%n",
                            model, BATCH, threads, rates[ROUNDS / 2], rates[0], rates[ROUNDS - 1]);
                }
            }
        }
    }
}
