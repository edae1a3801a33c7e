package org.initlab.core.provenance;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One initializer of a run and where its provider came from.
 *
 * @param spec     the canonical spec, as results name it
 * @param provider the provider's canonical name
 * @param origin   the provider's jar and version
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record InitializerOrigin(String spec, String provider, ComponentOrigin origin) {
    /** Validates the components. */
    public InitializerOrigin {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(origin, "origin");
    }
}
