package org.initlab.app;

import java.io.PrintWriter;
import java.util.Locale;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;

/**
 * Progress of a comparison on the console: on a terminal a self-overwriting line per step (at most ten
 * updates a second) with the trial's bar and the whole run's progress and ETA, and an overall line after each
 * trial; otherwise one log line per epoch and per trial.
 */
final class ConsoleProgress implements TrainingListener {
    private final PrintWriter out;
    private final boolean terminal;
    private final int totalTrials;
    private final int alreadyDone;
    private int trialIndex;
    private int doneHere;
    private String init = "";
    private long seed;
    private int epochs;
    private int steps;
    private long lastDraw;
    private long trialStart;
    private long runStart;

    /**
     * @param out         where to print
     * @param terminal    whether {@code out} is a terminal
     * @param totalTrials trials of the whole comparison
     * @param alreadyDone trials finished by an earlier run (resumed), counted as done
     */
    ConsoleProgress(PrintWriter out, boolean terminal, int totalTrials, int alreadyDone) {
        this.out = out;
        this.terminal = terminal;
        this.totalTrials = totalTrials;
        this.alreadyDone = alreadyDone;
        this.trialIndex = alreadyDone;
    }

    @Override
    public void trialStarted(String init, long seed, int epochs, int steps) {
        this.trialIndex++;
        this.init = init;
        this.seed = seed;
        this.epochs = epochs;
        this.steps = steps;
        this.trialStart = System.nanoTime();
        if (runStart == 0) {
            runStart = trialStart;
        }
    }

    @Override
    public void stepFinished(int epoch, int step, double loss) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && step != steps) {
            return;
        }
        lastDraw = now;
        int width = 24;
        double done = ((epoch - 1) * (double) steps + step) / ((double) epochs * steps);
        int filled = (int) Math.round(done * width);
        double elapsed = (now - trialStart) / 1e9;
        double eta = done > 0 ? elapsed * (1 - done) / done : 0;
        out.printf(Locale.ROOT, "\r%s [%s%s] epoch %d/%d loss %.4f eta %.0fs | all %d/%d eta %s   ", prefix(),
                "#".repeat(filled), ".".repeat(width - filled), epoch, epochs, loss, eta, alreadyDone + doneHere,
                totalTrials, duration(overallEta(now, done)));
        out.flush();
    }

    /** Seconds left for the whole run, from the mean time of this run's trials so far. */
    double overallEta(long now, double currentFraction) {
        double progressed = doneHere + currentFraction;
        if (progressed <= 0) {
            return Double.NaN;
        }
        double perTrial = (now - runStart) / 1e9 / progressed;
        return perTrial * (totalTrials - alreadyDone - progressed);
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(Math.max(0, seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    @Override
    public void epochFinished(EpochResult r) {
        out.printf(Locale.ROOT, "%s%s epoch %d/%d  train loss %.4f  test loss %.4f  test acc %.2f%%  %.1fs%n",
                terminal ? "\r" : "", prefix(), r.epoch(), epochs, r.trainLoss(), r.testLoss(),
                100 * r.testAccuracy(), r.seconds());
        out.flush();
    }

    @Override
    public void trialFinished(TrialResult r) {
        doneHere++;
        if (r.status() != org.initlab.core.train.TrialStatus.OK) {
            out.printf(Locale.ROOT, "%s[%s seed %d] %s: %s%n", terminal ? "\r" : "", r.init(), r.seed(),
                    r.status().jsonName(),
                    r.message().orElse(""));
        } else {
            out.printf(Locale.ROOT, "%s done in %.1fs (%,.0f samples/s)%n", prefix(), r.seconds(),
                    r.samplesPerSecond());
        }
        if (terminal && alreadyDone + doneHere < totalTrials) {
            out.printf(Locale.ROOT, "overall: %d/%d trials done, eta %s%n", alreadyDone + doneHere, totalTrials,
                    duration(overallEta(System.nanoTime(), 0)));
        }
        out.flush();
    }

    private String prefix() {
        return String.format(Locale.ROOT, "[%d/%d %s seed %d]", trialIndex, totalTrials, init, seed);
    }
}
