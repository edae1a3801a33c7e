/**
 * The backend compatibility kit, shipped in the core test-jar: the abstract test suite
 * {@link org.initlab.core.backend.kit.BackendCompatibilityKit} that every compute backend subclasses (with the
 * layer checks it implements: {@link org.initlab.core.backend.kit.ConvolutionKitChecks},
 * {@link org.initlab.core.backend.kit.BatchNormKitChecks}, {@link org.initlab.core.backend.kit.DropoutKitChecks}),
 * the double-precision yardsticks it compares against ({@link org.initlab.core.backend.kit.ReferenceNetwork} for
 * forward passes of every layer in training and evaluation mode, losses, backpropagation and finite
 * differences, {@link org.initlab.core.backend.kit.ReferenceOptimizer} for the SGD and Adam rules), seeded
 * fixtures ({@link org.initlab.core.backend.kit.KitFixtures}) and a test-only backend built on the yardsticks
 * ({@link org.initlab.core.backend.kit.ReferenceBackendProvider}, not registered for discovery) that proves the
 * kit consistent. A new backend is done when it passes the kit.
 */
package org.initlab.core.backend.kit;
