package org.initlab.core.init;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.spi.Initializer;

/**
 * An initializer together with the canonical spec that created it (used in reports and results).
 *
 * @param spec        canonical spec text, e.g. {@code normal(std=0.01)}
 * @param initializer the initializer
 */
@API(status = STABLE, since = "0.1")
public record NamedInitializer(String spec, Initializer initializer) {
    /** Validates the components. */
    public NamedInitializer {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(initializer, "initializer");
    }

    @Override
    public String toString() {
        return spec;
    }
}
