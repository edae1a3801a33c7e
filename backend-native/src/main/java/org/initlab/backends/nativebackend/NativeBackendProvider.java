package org.initlab.backends.nativebackend;

import org.initlab.core.backend.Availability;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;

/**
 * Provides the pure-Java CPU backend, named {@value #NAME}, with rank {@value #RANK}: always available, the
 * fallback when no accelerator backend is. Construction is free; {@link #create} starts the worker threads.
 *
 * <p>Every layer kind of {@link org.initlab.core.model.Layer} (dense, convolution, pooling, flatten, batch
 * normalization, dropout, all {@link org.initlab.core.model.Activation}s), the mean softmax cross-entropy and
 * the optimizers of {@link org.initlab.core.optim.OptimizerSpec} run in float on plain arrays, split between
 * {@link BackendOptions#threads()} workers: the calling thread plus {@code threads - 1} daemon threads. The
 * matrix products use register-blocked Vector API kernels when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (and {@code -Dinitlab.native.vector} is not {@code false}), and
 * loops that HotSpot auto-vectorizes otherwise; {@link #availability()} says which. Results are bit-identical
 * for a given seed whatever the number of threads.
 */
public final class NativeBackendProvider implements BackendProvider {
    /** The backend's name, as {@code --backend} takes it. */
    public static final String NAME = "native";
    /** The rank of the pure-Java backend; accelerator backends rank above it. */
    public static final int RANK = 10;

    /** Creates the provider; cheap, starts nothing. */
    public NativeBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return RANK;
    }

    @Override
    public Availability availability() {
        return Availability.available(device(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Backend create(BackendOptions options) {
        return new NativeBackend(options.threads());
    }

    static String device(int threads) {
        return "CPU, " + threads + (threads == 1 ? " thread" : " threads") + ", " + Kernels.description();
    }
}
