package org.initlab.testkit.backend;

import org.initlab.core.backend.Availability;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;

/**
 * A test-only backend that computes with the {@link ReferenceNetwork} and the {@link ReferenceOptimizer}, so
 * that the {@link BackendCompatibilityKit} can be checked against a backend that implements every layer
 * ({@code ReferenceBackendCompatibilityTest}): this proves the kit's checks consistent with each other and
 * the reference self-consistent (analytic against finite-difference gradients, training against evaluation
 * mode). It is deliberately not registered for {@link java.util.ServiceLoader}, so that it never appears
 * among the real backends of a module that uses the kit.
 */
public final class ReferenceBackendProvider implements BackendProvider {
    /** The backend's name. */
    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return -1000;
    }

    @Override
    public Availability availability() {
        return Availability.available("CPU, double precision (test only)");
    }

    @Override
    public Backend create(BackendOptions options) {
        return new ReferenceBackend();
    }
}
