/**
 * The backend compatibility kit, shipped in the core test-jar: the abstract test suite
 * {@link org.initlab.core.backend.kit.BackendCompatibilityKit} that every compute backend subclasses, the
 * double-precision yardsticks it compares against ({@link org.initlab.core.backend.kit.ReferenceNetwork} for
 * forward passes, losses, backpropagation and finite differences, {@link org.initlab.core.backend.kit.ReferenceOptimizer}
 * for the SGD and Adam rules) and seeded fixtures ({@link org.initlab.core.backend.kit.KitFixtures}). A new
 * backend is done when it passes the kit.
 */
package org.initlab.core.backend.kit;
