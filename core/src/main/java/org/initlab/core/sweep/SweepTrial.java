package org.initlab.core.sweep;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.experiment.TrialSpec;

/**
 * One trial of a sweep: the ordinary trial and the grid point it came from.
 *
 * @param point the grid point
 * @param spec  the trial
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SweepTrial(GridPoint point, TrialSpec spec) {
    /** Validates. */
    public SweepTrial {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(spec, "spec");
    }
}
