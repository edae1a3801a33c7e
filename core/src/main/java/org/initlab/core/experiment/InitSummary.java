package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.apiguardian.api.API;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * One initializer's results over its seeds. Means and standard deviations are over the trials that finished
 * ({@code ok}), computed by {@link SampleStatistics}: the standard deviation is the sample one (n - 1),
 * NaN below two finished trials.
 *
 * @param init                canonical spec
 * @param trials              number of trials
 * @param ok                  trials that finished
 * @param diverged            trials that diverged
 * @param failed              trials that failed
 * @param testAccuracyMean    mean final test accuracy in [0, 1] (NaN when no trial finished)
 * @param testAccuracyStd     its sample standard deviation (NaN below two finished trials)
 * @param trainLossMean       mean final training loss
 * @param testLossMean        mean final test loss
 * @param epochsTo90Mean      mean epochs to reach 90% test accuracy over the trials that reached it
 * @param reached90           how many trials reached 90%
 * @param secondsTotal        wall time of all its trials
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record InitSummary(String init, int trials, int ok, int diverged, int failed, double testAccuracyMean,
                          double testAccuracyStd, double trainLossMean, double testLossMean,
                          OptionalDouble epochsTo90Mean, int reached90, double secondsTotal) {

    /** The accuracy threshold of {@link #epochsTo90Mean()}. */
    public static final double THRESHOLD = 0.90;

    /**
     * Summarises the trials of one initializer.
     *
     * @param init    its spec
     * @param results its trials
     * @return the summary
     */
    public static InitSummary of(String init, List<TrialResult> results) {
        List<Double> accuracies = new ArrayList<>();
        List<Double> trainLosses = new ArrayList<>();
        List<Double> testLosses = new ArrayList<>();
        List<Double> epochsTo90 = new ArrayList<>();
        int ok = 0;
        int diverged = 0;
        int failed = 0;
        double seconds = 0;
        for (TrialResult r : results) {
            seconds += r.seconds();
            switch (r.status()) {
                case OK -> ok++;
                case DIVERGED -> diverged++;
                case FAILED -> failed++;
                default -> throw new AssertionError(r.status());
            }
            if (r.status() == TrialStatus.OK && r.last().isPresent()) {
                accuracies.add(r.last().get().testAccuracy());
                trainLosses.add(r.last().get().trainLoss());
                testLosses.add(r.last().get().testLoss());
            }
            OptionalInt reached = r.epochsToReach(THRESHOLD);
            if (reached.isPresent()) {
                epochsTo90.add((double) reached.getAsInt());
            }
        }
        return new InitSummary(init, results.size(), ok, diverged, failed, SampleStatistics.mean(accuracies),
                SampleStatistics.std(accuracies),
                SampleStatistics.mean(trainLosses), SampleStatistics.mean(testLosses),
                epochsTo90.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(SampleStatistics.mean(epochsTo90)),
                epochsTo90.size(), seconds);
    }
}
