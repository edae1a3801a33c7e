package org.initlab.core.experiment;

import java.util.Set;

/**
 * The {@code local} runner: trials in this JVM on the chosen backend, {@code parallel} trials at once (option
 * {@code parallel}, default {@link #DEFAULT_PARALLEL}), each with {@code threads} backend threads (default: the
 * processors divided among the parallel trials). See {@link LocalBatchRunner}.
 */
public final class LocalRunnerProvider implements TrialRunnerProvider {
    /** The runner's name, {@code local}. */
    public static final String NAME = "local";
    /**
     * Trials at once by default: one trial with every thread. Measured on 2 cores (native backend, 24 trials of
     * a tanh MLP 784-64x2-10 on 2,000 samples): two one-thread trials at once took about as long as one
     * two-thread trial after the other, so the simpler and more memory-frugal schedule is the default; see
     * {@code docs/guide/sweeps.md}.
     */
    public static final int DEFAULT_PARALLEL = 1;

    /** Creates the provider; cheap, starts nothing. */
    public LocalRunnerProvider() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for an unknown option or {@code parallel} that is not a whole number >= 1
     */
    @Override
    public BatchTrialRunner create(RunnerContext context) {
        context.requireOnly(NAME, Set.of("parallel"));
        int parallel = context.option("parallel").map(LocalRunnerProvider::parallel).orElse(DEFAULT_PARALLEL);
        int threads = context.threads().orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / parallel));
        return new LocalBatchRunner(context, parallel, threads);
    }

    private static int parallel(String text) {
        try {
            int p = Integer.parseInt(text.strip());
            if (p >= 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--parallel must be a whole number >= 1, got '" + text + "'");
    }
}
