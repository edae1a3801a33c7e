package org.initlab.app;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrainingListener;

/**
 * Ctrl-C for a comparison: a JVM shutdown hook asks the run to stop and waits (up to a grace period) until
 * it has written what is finished. The run sees the request through {@link #listener()}, which throws a
 * {@link CancellationException} at the next training step, so the trial in progress is abandoned and
 * nothing half-done reaches the journal.
 */
final class GracefulStop implements AutoCloseable {
    private static final long GRACE_SECONDS = 30;

    private final CountDownLatch written = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean requested;

    private GracefulStop(boolean installHook) {
        this.hook = installHook ? new Thread(this::stopAndWait, "initlab-stop") : null;
        if (hook != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** @return a stop that a JVM shutdown (Ctrl-C, SIGTERM) requests */
    static GracefulStop onShutdown() {
        return new GracefulStop(true);
    }

    /** @return a stop that only {@link #request()} triggers */
    static GracefulStop manual() {
        return new GracefulStop(false);
    }

    /** Asks the run to stop at its next step. */
    void request() {
        requested = true;
    }

    /** @return whether a stop was requested */
    boolean requested() {
        return requested;
    }

    /** @return a listener that throws {@link CancellationException} once a stop is requested */
    TrainingListener listener() {
        return new TrainingListener() {
            @Override
            public void trialStarted(String init, long seed, int epochs, int steps) {
                check();
            }

            @Override
            public void stepFinished(int epoch, int step, double loss) {
                check();
            }

            @Override
            public void epochFinished(EpochResult result) {
                check();
            }
        };
    }

    private void check() {
        if (requested) {
            throw new CancellationException("stop requested");
        }
    }

    private void stopAndWait() {
        request();
        try {
            written.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells the hook that everything finished is written, and removes it. */
    @Override
    public void close() {
        written.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running and returns now
            }
        }
    }
}
