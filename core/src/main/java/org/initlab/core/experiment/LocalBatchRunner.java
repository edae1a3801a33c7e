package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.apiguardian.api.API;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * Runs trials in this JVM: with {@code parallel = 1} one after the other in the calling thread on one backend;
 * otherwise {@code parallel} worker threads, each with its own backend, and results handed to the calling
 * thread as they finish. Backends are created on first use and closed by {@link #close()}. A trial that
 * throws is reported as {@link TrialStatus#FAILED} with the exception's message.
 */
@API(status = INTERNAL, since = "0.1")
public final class LocalBatchRunner implements BatchTrialRunner {
    private final RunnerContext context;
    private final int parallel;
    private final int threads;
    private final List<Backend> backends = new ArrayList<>();

    /**
     * @param context  backend, data, listener
     * @param parallel trials at once, {@code >= 1}
     * @param threads  backend threads per trial, {@code >= 1}
     */
    public LocalBatchRunner(RunnerContext context, int parallel, int threads) {
        if (parallel < 1 || threads < 1) {
            throw new IllegalArgumentException("parallel and threads must be >= 1, got " + parallel + " and " + threads);
        }
        this.context = context;
        this.parallel = parallel;
        this.threads = threads;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "local, %d trial%s at once x %d thread%s", parallel,
                parallel == 1 ? "" : "s", threads, threads == 1 ? "" : "s");
    }

    @Override
    public void runAll(List<TrialSpec> trials, BiConsumer<TrialSpec, TrialResult> onFinished) {
        if (trials.isEmpty()) {
            return;
        }
        if (parallel == 1) {
            LocalTrialRunner runner = runner();
            for (TrialSpec spec : trials) {
                onFinished.accept(spec, runSafely(runner, spec));
            }
            return;
        }
        int workers = Math.min(parallel, trials.size());
        BlockingQueue<LocalTrialRunner> idle = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            idle.add(runner());
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "initlab-trial");
            t.setDaemon(true);
            return t;
        });
        ExecutorCompletionService<Finished> done = new ExecutorCompletionService<>(pool);
        List<Future<Finished>> futures = new ArrayList<>();
        try {
            for (TrialSpec spec : trials) {
                futures.add(done.submit(() -> {
                    LocalTrialRunner runner = idle.take();
                    try {
                        return new Finished(spec, runSafely(runner, spec));
                    } finally {
                        idle.add(runner);
                    }
                }));
            }
            for (int i = 0; i < trials.size(); i++) {
                Finished f = take(done);
                onFinished.accept(f.spec(), f.result());
            }
        } finally {
            futures.forEach(f -> f.cancel(true));
            pool.shutdownNow();
        }
    }

    private record Finished(TrialSpec spec, TrialResult result) {
    }

    private static Finished take(ExecutorCompletionService<Finished> done) {
        try {
            return done.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancellationException c) {
                throw c;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Runs one trial, turning an exception other than a stop into a failed result.
     *
     * @param runner the runner
     * @param spec   the trial
     * @return the result
     */
    private TrialResult runSafely(LocalTrialRunner runner, TrialSpec spec) {
        try {
            return runner.run(spec, context.listener());
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            return new TrialResult(spec.weightInit(), spec.seed(), TrialStatus.FAILED, List.of(), 0, 0,
                    Optional.of(String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage())));
        }
    }

    private synchronized LocalTrialRunner runner() {
        Backend backend = context.backend().create(new BackendOptions(threads));
        backends.add(backend);
        return new LocalTrialRunner(context.registry(), context.trainer(), backend, context.train(), context.test());
    }

    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (Backend b : backends) {
            try {
                b.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        backends.clear();
        if (first != null) {
            throw first;
        }
    }
}
