package org.initlab.app;

import java.util.Locale;
import org.initlab.core.experiment.ComparisonResult;
import org.initlab.core.experiment.InitSummary;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/** The table {@code initlab compare} prints at the end: one row per initializer, then failed trials. */
final class SummaryTable {
    private SummaryTable() {
    }

    /**
     * @param result a finished (or stopped) comparison
     * @return the table, ending with the total time and the backend
     */
    static String render(ComparisonResult result) {
        StringBuilder sb = new StringBuilder();
        int w = Math.max(12, result.summary().stream().mapToInt(s -> s.init().length()).max().orElse(0));
        sb.append(String.format(Locale.ROOT, "%n%-" + w + "s  %-20s  %-10s  %-13s  %-8s  %s%n", "init",
                "test acc mean ± std", "train loss", "epochs to 90%", "time", "trials"));
        for (InitSummary s : result.summary()) {
            String acc = Double.isNaN(s.testAccuracyMean()) ? "-"
                    : String.format(Locale.ROOT, "%6.2f%% ± %5s", 100 * s.testAccuracyMean(),
                    std(s.testAccuracyStd()));
            String loss = Double.isNaN(s.trainLossMean()) ? "-" : String.format(Locale.ROOT, "%.4f",
                    s.trainLossMean());
            String e90 = s.epochsTo90Mean().isPresent()
                    ? String.format(Locale.ROOT, "%.1f (%d/%d)", s.epochsTo90Mean().getAsDouble(), s.reached90(),
                    s.trials())
                    : "never";
            String trials = s.ok() + " ok" + (s.diverged() > 0 ? ", " + s.diverged() + " diverged" : "")
                    + (s.failed() > 0 ? ", " + s.failed() + " failed" : "");
            sb.append(String.format(Locale.ROOT, "%-" + w + "s  %-20s  %-10s  %-13s  %-8s  %s%n", s.init(), acc,
                    loss, e90, String.format(Locale.ROOT, "%.1fs", s.secondsTotal()), trials));
        }
        for (TrialResult t : result.trials()) {
            if (t.status() == TrialStatus.FAILED) {
                sb.append("failed: ").append(t.init()).append(" seed ").append(t.seed()).append(": ")
                        .append(t.message().orElse("")).append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "%ntotal %.1fs on %s (%s)%n", result.seconds(), result.backend(),
                result.device()));
        return sb.toString();
    }

    /**
     * @param std a sample standard deviation of accuracies in [0, 1]
     * @return it in percentage points with two decimals, {@code n/a} when undefined (fewer than two trials)
     */
    static String std(double std) {
        return Double.isNaN(std) ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * std);
    }
}
