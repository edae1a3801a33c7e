package org.initlab.core.host;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs a loop body once per row, on at most the number of threads the user gave: the calling thread alone for
 * one thread or small work, else a fixed pool of its own (created on first use, daemon threads named
 * {@code initlab-host-<pool>-<i>}, stopped by {@link #close()}) that takes one contiguous share of the rows per
 * thread; never the common pool. Each row must write only its own output elements, so results are
 * bit-identical whatever the thread count.
 */
final class Parallel implements AutoCloseable {
    private static final long PARALLEL_WORK = 1L << 16;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private ExecutorService pool;

    /**
     * @param threads the most threads a loop may use, {@code >= 1}
     */
    Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("host threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    /** @return the thread count */
    int threads() {
        return threads;
    }

    void rows(int rows, long workPerRow, IntConsumer body) {
        if (threads == 1 || (long) rows * workPerRow < PARALLEL_WORK || rows < 2) {
            for (int r = 0; r < rows; r++) {
                body.accept(r);
            }
            return;
        }
        int shares = Math.min(threads, rows);
        List<Future<?>> running = new ArrayList<>(shares);
        ExecutorService executor = pool();
        for (int share = 0; share < shares; share++) {
            int from = (int) ((long) rows * share / shares);
            int to = (int) ((long) rows * (share + 1) / shares);
            running.add(executor.submit(() -> {
                for (int r = from; r < to; r++) {
                    body.accept(r);
                }
            }));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during a host pass", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            int id = POOLS.incrementAndGet();
            AtomicInteger next = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads, task -> {
                Thread t = new Thread(task, "initlab-host-" + id + "-" + next.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
    }
}
