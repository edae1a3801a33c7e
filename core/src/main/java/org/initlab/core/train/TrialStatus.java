package org.initlab.core.train;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import org.apiguardian.api.API;

/** How a trial ended. */
@API(status = EXPERIMENTAL, since = "0.1")
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
