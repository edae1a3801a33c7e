package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;

/**
 * Runs one trial: a {@link TrialSpec} in, a {@link TrialResult} out. {@link ComparisonRunner} runs every trial
 * of a comparison through this one method, so that another engine (a pool of processes, a cluster) can run
 * trials without touching the rest. {@link LocalTrialRunner} runs them in this thread on one backend.
 *
 * <p>An implementation reports a trial that cannot run (a spec that does not fit the network) as a
 * {@link org.initlab.core.train.TrialStatus#FAILED} result rather than an exception, and calls the listener's
 * {@code trialFinished} for every result it returns. A {@link java.util.concurrent.CancellationException} thrown
 * by the listener propagates: the trial is abandoned.
 */
@API(status = EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface TrialRunner {
    /**
     * @param spec     the trial
     * @param listener progress receiver
     * @return the result
     * @throws IllegalArgumentException when the spec cannot be run here at all (an unknown backend, say)
     */
    TrialResult run(TrialSpec spec, TrainingListener listener);
}
