package org.initlab.core.train;

/**
 * Receives progress from a {@link Trainer}. Every method has an empty default; calls come from the training
 * thread, so implementations must be quick.
 */
public interface TrainingListener {
    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() {
    };

    /**
     * @param init    the trial's initializer spec
     * @param seed    the trial's seed
     * @param epochs  the number of epochs planned
     * @param steps   the number of steps per epoch
     */
    default void trialStarted(String init, long seed, int epochs, int steps) {
    }

    /**
     * @param epoch the 1-based epoch
     * @param step  the 1-based step within the epoch
     * @param loss  the step's mini-batch loss
     */
    default void stepFinished(int epoch, int step, double loss) {
    }

    /** @param result the finished epoch */
    default void epochFinished(EpochResult result) {
    }

    /** @param result the finished trial */
    default void trialFinished(TrialResult result) {
    }
}
