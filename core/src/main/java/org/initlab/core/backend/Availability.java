package org.initlab.core.backend;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Whether a backend can run here, and what it would run on or why not.
 *
 * @param available whether {@link BackendProvider#create} is expected to succeed
 * @param detail    the device when available ("CPU, 2 threads"), the reason otherwise
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Availability(boolean available, String detail) {
    /** Validates the detail. */
    public Availability {
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * @param device what the backend runs on
     * @return an available result
     */
    public static Availability available(String device) {
        return new Availability(true, device);
    }

    /**
     * @param reason why the backend cannot run
     * @return an unavailable result
     */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
