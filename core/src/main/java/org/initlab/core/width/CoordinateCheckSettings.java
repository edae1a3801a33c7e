package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.optim.OptimizerSpec;

/**
 * How a coordinate check trains every width: the optimizer, how many steps, over how many seeds (0, 1, ...,
 * as the {@code mup} package's {@code torch.manual_seed(i)}), and the training batch size.
 *
 * @param optimizer the optimizer (the width models' parameter groups scale it per parameter)
 * @param steps     optimizer steps after initialization, {@code >= 1}
 * @param seeds     runs per width, seeds {@code 0 .. seeds - 1}, {@code >= 1}
 * @param batchSize training samples per step, {@code >= 1}
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record CoordinateCheckSettings(OptimizerSpec optimizer, int steps, int seeds, int batchSize) {
    /** Validates the components. */
    public CoordinateCheckSettings {
        Objects.requireNonNull(optimizer, "optimizer");
        if (steps < 1) {
            throw new IllegalArgumentException("a coordinate check needs at least 1 step, got " + steps);
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("a coordinate check needs at least 1 seed, got " + seeds);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be >= 1, got " + batchSize);
        }
    }
}
