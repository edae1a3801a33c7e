/**
 * Double-precision forward and backward passes of any sequential network (dense, convolution, pooling,
 * flatten, batch normalization, dropout, activations) on the host CPU ({@link org.initlab.core.host.HostNetwork},
 * cut into {@link org.initlab.core.host.Stage stages} of one weighted layer each), for the things that must not
 * depend on a compute backend: data-dependent initialization (LSUV rescales weights before any backend sees
 * them) and the diagnostics of {@code initlab inspect}. It is a reference implementation, not a backend: it
 * trains nothing, keeps no optimizer state or running statistics, normalizes with batch statistics as a first
 * training step does, treats dropout as the identity, and is deterministic whatever the number of threads.
 * One class per layer kind does the arithmetic ({@code HostDense}, {@code HostConvolution}, {@code HostPooling},
 * {@code HostBatchNorm}); they are named for the host so as not to be mistaken for the native backend's float
 * compute kernels.
 */
package org.initlab.core.host;
