/**
 * Double-precision forward and backward passes of a sequential dense network on the host CPU
 * ({@link org.initlab.core.host.HostNetwork}), for the things that must not depend on a compute backend:
 * data-dependent initialization (LSUV rescales weights before any backend sees them) and the diagnostics of
 * {@code initlab inspect}. It is a reference implementation, not a backend: it trains nothing, keeps no
 * optimizer state and favours clarity and determinism over speed.
 */
package org.initlab.core.host;
