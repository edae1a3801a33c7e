package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole compatibility kit against the double-precision {@link ReferenceBackendProvider}, which
 * implements every layer: the kit's checks must hold for a backend that is right by construction.
 */
class ReferenceBackendCompatibilityTest extends BackendCompatibilityKit {
    @Override
    protected BackendProvider provider() {
        return new ReferenceBackendProvider();
    }

    /** Replaces the kit's check: the reference backend must stay out of discovery (see its provider). */
    @Test
    @Override
    void providerIsRegisteredForServiceLoader() {
        assertThat(Backends.discover(getClass().getClassLoader()))
                .noneMatch(p -> p.name().equals(ReferenceBackendProvider.NAME));
    }
}
