package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import org.apiguardian.api.API;

/**
 * Runs many trials, here or elsewhere, one after the other or several at once, and hands each result back to
 * the calling thread as soon as it is known. Made by a {@link TrialRunnerProvider}; close it to release what
 * it holds (backends, a cluster connection).
 *
 * <p>Contract: {@code onFinished} is called in the thread that called {@link #runAll}, once per trial and never
 * twice for one trial, in the order trials finish. A trial that cannot run or fails is reported as
 * {@link org.initlab.core.train.TrialStatus#FAILED} with the reason, not thrown. When {@code onFinished} throws
 * a {@link CancellationException} (a stop was asked for), the runner abandons the trials in progress and
 * rethrows it; trials it has not reported are not finished.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface BatchTrialRunner extends AutoCloseable {
    /**
     * Runs trials.
     *
     * @param trials     the trials to run, distinct
     * @param onFinished told of each finished trial, in the calling thread
     * @throws CancellationException when {@code onFinished} asked to stop
     * @throws IllegalArgumentException when the engine cannot run trials at all (an unreachable cluster, say)
     */
    void runAll(List<TrialSpec> trials, BiConsumer<TrialSpec, org.initlab.core.train.TrialResult> onFinished);

    /** @return what runs the trials, for the console, e.g. {@code local, 2 trials at once x 1 thread} */
    String description();

    /** Releases what the runner holds; never throws a checked exception. */
    @Override
    void close();
}
