/**
 * The backend compatibility kit, published as its own artifact ({@code initlab-backend-testkit}): the abstract test suite
 * {@link org.initlab.testkit.backend.BackendCompatibilityKit} that every compute backend subclasses (with the
 * layer checks it implements: {@link org.initlab.testkit.backend.ConvolutionKitChecks},
 * {@link org.initlab.testkit.backend.BatchNormKitChecks}, {@link org.initlab.testkit.backend.DropoutKitChecks},
 * {@link org.initlab.testkit.backend.ResidualKitChecks}, {@link org.initlab.testkit.backend.OptimizerKitChecks}),
 * the double-precision yardsticks it compares against ({@link org.initlab.testkit.backend.ReferenceNetwork} for
 * forward passes of every layer in training and evaluation mode, losses, backpropagation and finite
 * differences, {@link org.initlab.testkit.backend.ReferenceOptimizer} for the SGD and Adam rules with parameter groups
 * and warm-up), seeded
 * fixtures ({@link org.initlab.testkit.backend.KitFixtures}) and a test-only backend built on the yardsticks
 * ({@link org.initlab.testkit.backend.ReferenceBackendProvider}, not registered for discovery) that proves the
 * kit consistent. A new backend is done when it passes the kit.
 */
package org.initlab.testkit.backend;
