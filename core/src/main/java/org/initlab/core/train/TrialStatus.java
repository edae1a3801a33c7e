package org.initlab.core.train;

import java.util.Locale;

/** How a trial ended. */
public enum TrialStatus {
    /** Every epoch ran with finite losses. */
    OK,
    /** A training loss became NaN or infinite; the trial stopped there. */
    DIVERGED,
    /** The trial could not run (the message says why). */
    FAILED;

    /** @return the lowercase name used in results files: {@code ok}, {@code diverged}, {@code failed} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
