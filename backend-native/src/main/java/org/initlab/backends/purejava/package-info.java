/**
 * The pure-Java compute backend ({@code --backend native}): forward, backward and optimizer updates of
 * sequential dense networks in float on the JVM, with no native code. The only public type is
 * {@link org.initlab.backends.purejava.PureJavaBackendProvider}, found through
 * {@link java.util.ServiceLoader}; sessions hold all their buffers from the start, split each matrix product
 * between a fixed set of worker threads so that every output element has one owner, and so train
 * bit-identically for any thread count.
 */
package org.initlab.backends.purejava;
