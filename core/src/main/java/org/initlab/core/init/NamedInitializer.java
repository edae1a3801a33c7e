package org.initlab.core.init;

import java.util.Objects;
import org.initlab.spi.Initializer;

/**
 * An initializer together with the canonical spec that created it (used in reports and results).
 *
 * @param spec        canonical spec text, e.g. {@code normal(std=0.01)}
 * @param initializer the initializer
 */
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
