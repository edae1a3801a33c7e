package org.initlab.core.train;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.apiguardian.api.API;

/**
 * The outcome of one trial.
 *
 * @param init             canonical spec of the weight initializer
 * @param seed             the trial's seed
 * @param status           how it ended
 * @param epochs           the completed epochs, in order
 * @param seconds          wall time of the whole trial
 * @param samplesPerSecond training throughput (training steps only)
 * @param message          why it diverged or failed, empty when ok
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TrialResult(String init, long seed, TrialStatus status, List<EpochResult> epochs, double seconds,
                          double samplesPerSecond, Optional<String> message) {
    /** Validates and copies. */
    public TrialResult {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        epochs = List.copyOf(epochs);
    }

    /** @return the last completed epoch, if any */
    public Optional<EpochResult> last() {
        return epochs.isEmpty() ? Optional.empty() : Optional.of(epochs.get(epochs.size() - 1));
    }

    /**
     * @param accuracy a test accuracy in [0, 1]
     * @return the first epoch whose test accuracy reached it, if any
     */
    public OptionalInt epochsToReach(double accuracy) {
        for (EpochResult e : epochs) {
            if (e.testAccuracy() >= accuracy) {
                return OptionalInt.of(e.epoch());
            }
        }
        return OptionalInt.empty();
    }
}
