package org.initlab.app;

import java.io.PrintWriter;
import java.util.Locale;
import org.initlab.core.sweep.SweepTrial;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * One line per finished trial of a sweep: trials done / total, the grid point and seed, the outcome and the
 * ETA of the whole sweep (from the mean wall time per trial finished in this run, so it accounts for trials
 * running at once or on a cluster).
 */
final class SweepProgress {
    private final PrintWriter out;
    private final int total;
    private final int alreadyDone;
    private final long start = System.nanoTime();
    private int doneHere;

    /**
     * @param out         where to print
     * @param total       trials of the sweep
     * @param alreadyDone trials finished by an earlier run
     */
    SweepProgress(PrintWriter out, int total, int alreadyDone) {
        this.out = out;
        this.total = total;
        this.alreadyDone = alreadyDone;
    }

    void finished(SweepTrial trial, TrialResult r) {
        doneHere++;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = elapsed / doneHere * (total - alreadyDone - doneHere);
        String outcome = r.status() == TrialStatus.OK
                ? String.format(Locale.ROOT, "test acc %.2f%%", 100 * r.last().map(e -> e.testAccuracy()).orElse(0.0))
                : r.status().jsonName() + r.message().map(m -> ": " + m).orElse("");
        out.printf(Locale.ROOT, "[%d/%d] %s seed %d: %s in %.1fs | eta %s%n", alreadyDone + doneHere, total,
                trial.point().label().isEmpty() ? "-" : trial.point().label(), r.seed(), outcome, r.seconds(),
                ConsoleProgress.duration(eta));
        out.flush();
    }
}
