/**
 * The compute-backend SPI. A {@link org.initlab.core.backend.BackendProvider} (found by
 * {@link java.util.ServiceLoader}) is cheap to construct and reports its rank and availability without
 * loading native code; {@link org.initlab.core.backend.BackendProvider#create} builds the
 * {@link org.initlab.core.backend.Backend}, which opens a {@link org.initlab.core.backend.TrainingSession}
 * per trial: forward, backward and the optimizer update of one network on one device.
 * {@link org.initlab.core.backend.Backends} chooses the backend deterministically.
 */
package org.initlab.core.backend;
