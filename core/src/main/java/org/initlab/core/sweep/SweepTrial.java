package org.initlab.core.sweep;

import java.util.Objects;
import org.initlab.core.experiment.TrialSpec;

/**
 * One trial of a sweep: the ordinary trial and the grid point it came from.
 *
 * @param point the grid point
 * @param spec  the trial
 */
public record SweepTrial(GridPoint point, TrialSpec spec) {
    /** Validates. */
    public SweepTrial {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(spec, "spec");
    }
}
