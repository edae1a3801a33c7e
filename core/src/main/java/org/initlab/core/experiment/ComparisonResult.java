package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.train.TrialResult;

/**
 * Everything a comparison produced.
 *
 * @param config   what was run
 * @param backend  the backend's name
 * @param device   the device it ran on
 * @param summary  one entry per initializer, in config order
 * @param trials   every trial, in run order
 * @param seconds  total wall time of this run (trials finished by an earlier, resumed run add their own
 *                 {@link TrialResult#seconds()} to the summaries, not to this)
 * @param complete whether every trial of the config is in {@code trials}; {@code false} after a stop
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ComparisonResult(ExperimentConfig config, String backend, String device, List<InitSummary> summary,
                               List<TrialResult> trials, double seconds, boolean complete) {
    /** Validates and copies. */
    public ComparisonResult {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(device, "device");
        summary = List.copyOf(summary);
        trials = List.copyOf(trials);
    }

    /**
     * A complete result.
     *
     * @param config  what was run
     * @param backend the backend's name
     * @param device  the device
     * @param summary one entry per initializer
     * @param trials  every trial
     * @param seconds total wall time
     */
    public ComparisonResult(ExperimentConfig config, String backend, String device, List<InitSummary> summary,
                            List<TrialResult> trials, double seconds) {
        this(config, backend, device, summary, trials, seconds, true);
    }
}
