package org.initlab.core.experiment;

import java.util.List;
import java.util.Objects;
import org.initlab.core.train.TrialResult;

/**
 * Everything a comparison produced.
 *
 * @param config   what was run
 * @param backend  the backend's name
 * @param device   the device it ran on
 * @param summary  one entry per initializer, in config order
 * @param trials   every trial, in run order
 * @param seconds  total wall time
 */
public record ComparisonResult(ExperimentConfig config, String backend, String device, List<InitSummary> summary,
                               List<TrialResult> trials, double seconds) {
    /** Validates and copies. */
    public ComparisonResult {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(device, "device");
        summary = List.copyOf(summary);
        trials = List.copyOf(trials);
    }
}
