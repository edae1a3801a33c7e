package org.initlab.app;

import org.initlab.core.experiment.ExperimentConfig;
import org.initlab.core.limits.MemoryBudget;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Network;

/**
 * Size checks the commands run before they allocate: each refuses an option whose memory would not fit the
 * JVM's heap with one line naming the option and the memory it would need (see {@link MemoryBudget}).
 */
final class ResourceChecks {
    /** Generous bytes per trial kept for the run: its spec, result, epochs, journal line and summary share. */
    static final long BYTES_PER_TRIAL = 4096;
    /** Host (double precision) copies of each layer's batch that inspect keeps: inputs, outputs, gradients. */
    static final int INSPECT_COPIES = 4;
    /** Random batches bench rotates through (its {@code BATCHES}). */
    static final int BENCH_BATCHES = 16;

    private ResourceChecks() {
    }

    /**
     * compare, before anything is filled: the list of trials and the network's parameters.
     *
     * @param config the experiment
     * @param budget the memory there is
     */
    static void compare(ExperimentConfig config, MemoryBudget budget) {
        long trials = MemoryBudget.multiply(config.inits().size(), config.seedCount());
        budget.require("--seeds " + config.seedCount(), trials + " trials (" + config.inits().size()
                + " initializers x " + config.seedCount() + " seeds)", MemoryBudget.multiply(trials, BYTES_PER_TRIAL));
        budget.requireTraining("--model " + config.network().spec(), config.network(), 1);
    }

    /**
     * compare, once the data is loaded: training with the batch size actually used.
     *
     * @param config    the experiment
     * @param trainSize the number of training samples (the batch is at most this)
     * @param budget    the memory there is
     */
    static void training(ExperimentConfig config, int trainSize, MemoryBudget budget) {
        int batch = Math.min(config.training().batchSize(), Math.max(1, trainSize));
        budget.requireTraining("--model " + config.network().spec() + " with --batch-size " + batch,
                config.network(), batch);
    }

    /**
     * inspect: one forward and backward pass of the batch on the host, in double precision.
     *
     * @param network the network
     * @param batch   {@code --batch}
     * @param budget  the memory there is
     */
    static void inspect(Network network, int batch, MemoryBudget budget) {
        long values = 0;
        for (FeatureShape shape : network.shapes()) {
            long layer = MemoryBudget.multiply(batch, shape.size());
            MemoryBudget.requireArray("--batch " + batch, "a batch of one layer's outputs (" + batch + " x "
                    + shape.size() + ")", layer);
            values = MemoryBudget.add(values, layer);
        }
        long bytes = MemoryBudget.add(MemoryBudget.multiply(values, 8L * INSPECT_COPIES),
                MemoryBudget.multiply(network.parameterCount(), 8L * 3));
        budget.require("--batch " + batch, "inspecting " + network.spec() + " on " + batch + " samples", bytes);
    }

    /**
     * bench: the random batches, the per-round results and training.
     *
     * @param network the network
     * @param batch   {@code --batch-size}
     * @param rounds  {@code --rounds}
     * @param budget  the memory there is
     */
    static void bench(Network network, int batch, int rounds, MemoryBudget budget) {
        budget.require("--rounds " + rounds, "the timings of " + rounds + " rounds",
                MemoryBudget.multiply(rounds, 2L * Double.BYTES));
        long batchValues = MemoryBudget.multiply(batch, network.inputWidth());
        MemoryBudget.requireArray("--batch-size " + batch, "one input batch (" + batch + " x "
                + network.inputWidth() + ")", batchValues);
        budget.require("--batch-size " + batch, BENCH_BATCHES + " random batches of " + batch + " samples",
                MemoryBudget.multiply(batchValues, (long) BENCH_BATCHES * Float.BYTES));
        budget.requireTraining("--model " + network.spec() + " with --batch-size " + batch, network, batch);
    }

    /**
     * sample: one tensor of float32.
     *
     * @param shape    {@code --shape}, as given
     * @param elements its element count
     * @param budget   the memory there is
     */
    static void sample(String shape, long elements, MemoryBudget budget) {
        MemoryBudget.requireArray("--shape " + shape, "the tensor", elements);
        budget.require("--shape " + shape, "a float32 tensor of " + elements + " values",
                MemoryBudget.multiply(elements, Float.BYTES));
    }
}
