package org.initlab.integrations.djl;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.spi.Initializer;

/**
 * An initlab initializer together with the canonical spec that created it.
 *
 * @param spec        canonical spec text, e.g. {@code orthogonal} or {@code normal(std=0.01)}
 * @param initializer the initializer
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record ResolvedInitializer(String spec, Initializer initializer) {
    /** Validates the components. */
    public ResolvedInitializer {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(initializer, "initializer");
    }

    @Override
    public String toString() {
        return spec;
    }
}
