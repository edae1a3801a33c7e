/**
 * The initializer contract kit, published as {@code initlab-initializers-testkit}: the abstract JUnit suite
 * {@link org.initlab.testkit.initializers.InitializerContractKit} that an initializer plugin subclasses in a few
 * lines to check what the {@link org.initlab.spi.Initializer} contract asks (ServiceLoader discovery, same-seed
 * determinism, every element written, a clear error for an unsupported shape, the stated distribution under a
 * Kolmogorov-Smirnov test, a spec string that round-trips; for a structure-aware initializer, the refusal of a
 * network without residual blocks and the filling of a residual one, built by
 * {@link org.initlab.testkit.initializers.ResidualNetworks} or, for a transformer initializer,
 * {@link org.initlab.testkit.initializers.TransformerNetworks}). Every built-in initializer passes it.
 */
package org.initlab.testkit.initializers;
