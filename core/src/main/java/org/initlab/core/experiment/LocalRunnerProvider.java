package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Set;
import org.apiguardian.api.API;

/**
 * The {@code local} runner: trials in this JVM on the chosen backend, {@code parallel} trials at once (option
 * {@code parallel}, default {@link #DEFAULT_PARALLEL}), each with {@code threads} backend threads (default: the
 * processors divided among the parallel trials). See {@link LocalBatchRunner}.
 */
@API(status = INTERNAL, since = "0.1")
public final class LocalRunnerProvider implements TrialRunnerProvider {
    /** The runner's name, {@code local}. */
    public static final String NAME = "local";
    /**
     * Trials at once by default: one trial with every thread. Measured on the 2-core development machine
     * (native backend, the 24-trial grid of {@code examples/sweeps/bench-24.yaml}, five runs each, alternating,
     * on a machine shared with other builds): median wall time 11.6 s for one two-thread trial after the other
     * and 11.3 s for two one-thread trials at once, equal within the noise. One trial at a time keeps one copy of
     * the network and its buffers and finishes trials in grid order, so it stays the default;
     * {@code --parallel N} is there for machines where small trials do not scale over many threads.
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
