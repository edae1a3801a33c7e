/**
 * Data-dependent initializers that ship with core, discovered through the initializer SPI like any plugin:
 * {@link org.initlab.core.datainit.LsuvProvider} ({@code lsuv}). They implement
 * {@link org.initlab.spi.DataDependentInitializer} and depend on nothing but the SPI; the host runs their
 * forward passes ({@link org.initlab.spi.LayerProbe}).
 */
package org.initlab.core.datainit;
