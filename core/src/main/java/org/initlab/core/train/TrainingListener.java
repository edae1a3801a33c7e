package org.initlab.core.train;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.inspect.LayerStatistics;

/**
 * Receives progress from a {@link Trainer}. Every method has an empty default; calls come from the training
 * thread, so implementations must be quick.
 */
@API(status = EXPERIMENTAL, since = "0.1")
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

    /**
     * Whether this listener wants {@link #layerStatistics}. Computing them costs a host forward and backward
     * pass of the probe batch per epoch, so the trainer does it only when asked.
     *
     * @return {@code false} by default
     */
    default boolean wantsLayerStatistics() {
        return false;
    }

    /**
     * Per-layer statistics on the trial's probe batch (a seeded sample of up to 256 training samples): once at
     * initialization (epoch 0, with the initializers' theoretical weight std) and after every epoch (with the
     * update ratio {@code ||W - W_prev|| / ||W_prev||} against the previous call's weights). Called only when
     * {@link #wantsLayerStatistics()} is {@code true}; epoch times do not include the measurement.
     *
     * @param epoch 0 at initialization, else the 1-based epoch just finished
     * @param stats one entry per dense layer
     */
    default void layerStatistics(int epoch, List<LayerStatistics> stats) {
    }

    /**
     * Whether this listener wants {@link #finalParameters}; copying them costs one parameter copy per trial.
     *
     * @return {@code false} by default
     */
    default boolean wantsFinalParameters() {
        return false;
    }

    /**
     * The trained parameters of a trial that finished every epoch, before its session closes; called only
     * when {@link #wantsFinalParameters()} is {@code true}, and before {@link #trialFinished}.
     *
     * @param init       the trial's initializer spec
     * @param seed       the trial's seed
     * @param parameters a copy of the parameters
     */
    default void finalParameters(String init, long seed, ParameterSet parameters) {
    }
}
