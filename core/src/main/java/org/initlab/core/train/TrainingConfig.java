package org.initlab.core.train;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.width.Parametrization;

/**
 * How one trial trains.
 *
 * @param epochs          passes over the training set, {@code >= 1}
 * @param batchSize       samples per step, {@code >= 1}; the last batch of an epoch may be smaller
 * @param optimizer       the optimizer
 * @param parametrization how the network's forward multipliers, initial values and per-parameter learning rates
 *                        scale with width ({@code sp}: not at all)
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TrainingConfig(int epochs, int batchSize, OptimizerSpec optimizer, Parametrization parametrization) {
    /** Validates the settings. */
    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(parametrization, "parametrization");
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }

    /**
     * Settings under the standard parametrization.
     *
     * @param epochs    passes over the training set
     * @param batchSize samples per step
     * @param optimizer the optimizer
     */
    public TrainingConfig(int epochs, int batchSize, OptimizerSpec optimizer) {
        this(epochs, batchSize, optimizer, Parametrization.standard());
    }
}
