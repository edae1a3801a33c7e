/**
 * The pure-Java compute backend ({@code --backend native}): forward, backward and optimizer updates of
 * sequential networks (dense, convolution, pooling, flatten, batch normalization, layer and RMS normalization,
 * dropout, activations, residual blocks with gates and scalar biases) in
 * float on the JVM, with no native code. The only public type is
 * {@link org.initlab.backends.nativebackend.NativeBackendProvider}, found through
 * {@link java.util.ServiceLoader}; sessions hold all their buffers from the start, run each layer as
 * {@link org.initlab.backends.nativebackend.NativeLayer} phases that give every output element one owner among a
 * fixed set of worker threads, and so train bit-identically for any thread count. Convolutions are one
 * im2col product per layer and batch; the products use the Vector API where the JVM offers it.
 */
package org.initlab.backends.nativebackend;
