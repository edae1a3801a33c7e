package org.initlab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;
import org.junit.jupiter.api.Test;

class InitSummaryTest {

    private static TrialResult trial(TrialStatus status, double... accuracies) {
        List<EpochResult> epochs = new java.util.ArrayList<>();
        for (int i = 0; i < accuracies.length; i++) {
            epochs.add(new EpochResult(i + 1, 1.0 / (i + 1), 0.5, accuracies[i], 1));
        }
        return new TrialResult("he-normal", 0, status, epochs, accuracies.length, 100, Optional.empty());
    }

    @Test
    void meanAndSampleStdAreOverFinishedTrials() {
        InitSummary s = InitSummary.of("he-normal", List.of(trial(TrialStatus.OK, 0.5, 0.92),
                trial(TrialStatus.OK, 0.91, 0.94), trial(TrialStatus.DIVERGED, 0.2)));
        assertThat(s.testAccuracyMean()).isCloseTo(0.93, within(1e-12));
        assertThat(s.testAccuracyStd()).isCloseTo(Math.sqrt(2 * 0.01 * 0.01), within(1e-12));
        assertThat(s.ok()).isEqualTo(2);
        assertThat(s.diverged()).isEqualTo(1);
        assertThat(s.epochsTo90Mean()).hasValue(1.5);
        assertThat(s.reached90()).isEqualTo(2);
        assertThat(s.trainLossMean()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void noFinishedTrialGivesNaNAndNeverReached() {
        InitSummary s = InitSummary.of("zeros", List.of(trial(TrialStatus.OK, 0.11), trial(TrialStatus.FAILED)));
        assertThat(s.testAccuracyMean()).isEqualTo(0.11);
        assertThat(s.testAccuracyStd()).as("one finished trial says nothing about the spread").isNaN();
        assertThat(s.epochsTo90Mean()).isEmpty();
        assertThat(InitSummary.of("x", List.of(trial(TrialStatus.FAILED))).testAccuracyMean()).isNaN();
    }
}
