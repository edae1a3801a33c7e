package org.initlab.core.limits;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The most worker threads one backend may be asked for: {@value #PER_PROCESSOR} per available processor.
 * More only adds scheduling overhead, and a typo ({@code --threads 100000}) would otherwise try to start
 * that many threads.
 */
@API(status = INTERNAL, since = "0.1")
public final class ThreadLimit {
    /** Threads allowed per available processor. */
    public static final int PER_PROCESSOR = 4;

    private ThreadLimit() {
    }

    /** @return the largest thread count accepted on this machine */
    public static int max() {
        return PER_PROCESSOR * Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param option  the option, for the message, e.g. {@code --threads}
     * @param threads the requested count
     * @return {@code threads}
     * @throws IllegalArgumentException when it is below 1 or above {@link #max()}
     */
    public static int check(String option, int threads) {
        if (threads < 1 || threads > max()) {
            throw new IllegalArgumentException(option + " must be between 1 and " + max() + " ("
                    + PER_PROCESSOR + " x the " + Runtime.getRuntime().availableProcessors()
                    + " available processors), got " + threads);
        }
        return threads;
    }
}
