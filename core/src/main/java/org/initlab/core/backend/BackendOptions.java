package org.initlab.core.backend;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Settings a backend is created with.
 *
 * @param threads the number of worker threads to use, {@code >= 1}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BackendOptions(int threads) {
    /** Validates the thread count. */
    public BackendOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** @return options using every available processor */
    public static BackendOptions defaults() {
        return new BackendOptions(Runtime.getRuntime().availableProcessors());
    }
}
