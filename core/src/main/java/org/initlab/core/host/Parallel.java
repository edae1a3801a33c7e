package org.initlab.core.host;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs a loop body once per row, in parallel when the work pays for it. Each row must write only its own
 * output elements, so results are bit-identical however many threads the common pool has.
 */
final class Parallel {
    private static final long PARALLEL_WORK = 1L << 16;

    private Parallel() {
    }

    static void rows(int rows, long workPerRow, IntConsumer body) {
        if ((long) rows * workPerRow < PARALLEL_WORK || rows < 2) {
            for (int r = 0; r < rows; r++) {
                body.accept(r);
            }
        } else {
            IntStream.range(0, rows).parallel().forEach(body);
        }
    }
}
