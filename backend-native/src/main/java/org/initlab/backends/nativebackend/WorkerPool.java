package org.initlab.backends.nativebackend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of workers that run one {@link Task} together and wait for each other: a fork-join barrier
 * without per-call allocation. Worker 0 is the calling thread; workers {@code 1 .. n-1} are daemon threads
 * named {@code initlab-native-<pool>-<index>}, created once and stopped by {@link #close()}.
 *
 * <p>Waiting spins briefly ({@link Thread#onSpinWait()}) and then parks, so back-to-back dispatches of one
 * training step cost a few microseconds while an idle pool costs nothing. Which share of the work a worker
 * does is decided by the task from the worker index alone, never by timing.
 */
final class WorkerPool implements AutoCloseable {

    /** One parallel piece of work; each of the {@code workers} calls runs a disjoint share. */
    @FunctionalInterface
    interface Task {
        /**
         * @param worker  this worker's index in {@code [0, workers)}
         * @param workers the number of workers
         */
        void run(int worker, int workers);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final int SPINS = 1 << 12;

    private final int workers;
    private final Thread[] threads;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Task task;
    private volatile int generation;
    private volatile Thread caller;
    private volatile boolean closed;

    /** @param workers the number of workers including the calling thread, {@code >= 1} */
    WorkerPool(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 worker, got " + workers);
        }
        this.workers = workers;
        this.threads = new Thread[workers - 1];
        int pool = POOLS.incrementAndGet();
        for (int i = 1; i < workers; i++) {
            int index = i;
            Thread thread = new Thread(() -> work(index), "initlab-native-" + pool + "-" + i);
            thread.setDaemon(true);
            threads[i - 1] = thread;
            thread.start();
        }
    }

    /** @return the number of workers, including the calling thread */
    int workers() {
        return workers;
    }

    /**
     * Runs {@code t} on every worker and returns when all have finished.
     *
     * @param t the task
     * @throws IllegalStateException after {@link #close()}
     */
    synchronized void execute(Task t) {
        if (closed) {
            throw new IllegalStateException("the native backend has been closed");
        }
        if (workers == 1) {
            t.run(0, 1);
            return;
        }
        caller = Thread.currentThread();
        task = t;
        running.set(workers - 1);
        generation++; // publishes task, caller and running to the workers
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
        Throwable own = null;
        try {
            t.run(0, workers);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        int spins = 0;
        while (running.get() != 0) {
            if (spins < SPINS) {
                spins++;
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        task = null;
        Throwable theirs = failure.getAndSet(null);
        if (own == null) {
            own = theirs;
        } else if (theirs != null) {
            own.addSuppressed(theirs);
        }
        if (own instanceof RuntimeException e) {
            throw e;
        }
        if (own instanceof Error e) {
            throw e;
        }
        if (own != null) {
            throw new IllegalStateException("a native backend worker failed", own);
        }
    }

    private void work(int index) {
        int seen = 0;
        while (true) {
            int spins = 0;
            int current;
            while ((current = generation) == seen) {
                if (closed) {
                    return;
                }
                if (spins < SPINS) {
                    spins++;
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = current;
            try {
                task.run(index, workers);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                if (running.decrementAndGet() == 0) {
                    LockSupport.unpark(caller);
                }
            }
        }
    }

    /** Stops the worker threads; waits briefly for them to end. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
