package org.initlab.app;

import java.util.Locale;

/** The checks of {@code bench}'s numeric options: one message per option, naming it and its value. */
final class BenchOptions {
    /** The longest warm-up or timed round accepted, in seconds (an hour). */
    static final double MAX_SECONDS = 3600;

    private BenchOptions() {
    }

    /**
     * @param batchSize    {@code --batch-size}
     * @param rounds       {@code --rounds}
     * @param roundSeconds {@code --round-seconds}
     * @param warmup       {@code --warmup}
     * @throws IllegalArgumentException for the first option out of range
     */
    static void check(int batchSize, int rounds, double roundSeconds, double warmup) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
        }
        if (!(roundSeconds > 0 && roundSeconds <= MAX_SECONDS)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--round-seconds must be a number of seconds > 0 and <= %.0f, got %s", MAX_SECONDS, roundSeconds));
        }
        if (!(warmup >= 0 && warmup <= MAX_SECONDS)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--warmup must be a number of seconds >= 0 and <= %.0f, got %s", MAX_SECONDS, warmup));
        }
    }
}
