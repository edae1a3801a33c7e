package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import java.util.OptionalLong;
import org.apiguardian.api.API;

/**
 * The size of one layer's output coordinates at one width and one step of the coordinate check: muP's
 * {@code x.abs().mean()} over the probe batch, and the same of the change since initialization.
 *
 * @param width         the network's width
 * @param seed          the seed of the run, empty for the mean over all seeds
 * @param step          optimizer steps taken, 0 at initialization
 * @param layer         the layer
 * @param meanAbs       {@code mean |x_t|} over every sample and unit of the probe batch
 * @param meanAbsChange {@code mean |x_t - x_0|} over every sample and unit (0 at step 0)
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record CoordinateSize(int width, OptionalLong seed, int step, ProbedLayer layer, double meanAbs,
                             double meanAbsChange) {
    /** Validates the components. */
    public CoordinateSize {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(layer, "layer");
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
    }
}
