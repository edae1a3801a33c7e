package org.initlab.backends.djl;

import org.initlab.core.backend.Availability;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;

/**
 * Provides the PyTorch backend through the Deep Java Library (DJL 0.36, PyTorch 2.7.1), named {@value #NAME}.
 *
 * <p>Cheap, lazy and free of side effects until used, like DJL's own {@code EngineProvider}: loading this class,
 * construction, {@link #rank()} and {@link #availability()} change no process-wide state (an application that
 * embeds initlab and uses DJL itself is not switched offline by {@code initlab list}); they read three small
 * property files from the class path and probe two DJL classes without initializing them. {@link #create}, the
 * first moment the engine is asked for, sets DJL's offline, telemetry and cache-directory system properties
 * (an explicit user setting wins, see the module README) before any DJL class can initialize, then loads
 * libtorch.
 *
 * <p>Rank rule: {@value #GPU_RANK} when a GPU is likely, else {@value #CPU_RANK} (below the pure-Java backend's
 * 10, so that on a CPU the native backend stays the default). Whether a GPU is present can only be known after
 * loading the engine, so the rank uses a cheap guess: the system property {@code initlab.djl.gpu=true|false}
 * decides when set; otherwise a GPU is likely when {@code /proc/driver/nvidia/version} exists and the PyTorch
 * natives on the class path are a CUDA build. {@link #create} then uses {@code gpu(0)} when PyTorch sees a
 * CUDA device and the CPU otherwise, and says which in {@link Backend#device()}.
 */
public final class DjlBackendProvider implements BackendProvider {
    /** The backend's name, as {@code --backend} takes it. */
    public static final String NAME = "djl";
    /** The rank on a CPU: below the pure-Java backend. */
    public static final int CPU_RANK = 5;
    /** The rank when a GPU is likely: above every CPU backend. */
    public static final int GPU_RANK = 100;

    /** Creates the provider; cheap, loads no DJL class. */
    public DjlBackendProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int rank() {
        return DjlEnvironment.gpuLikely() ? GPU_RANK : CPU_RANK;
    }

    @Override
    public Availability availability() {
        return DjlEnvironment.probe();
    }

    /**
     * Sets DJL's offline, telemetry and cache properties ({@link DjlEnvironment#configure()}), then loads the
     * PyTorch engine (the first call extracts libtorch into the cache directory and loads it, a few
     * seconds), sets PyTorch's intra-op thread count to {@link BackendOptions#threads()} (a process-wide
     * setting: the last created backend's count applies) and picks {@code gpu(0)} or the CPU.
     *
     * @throws IllegalStateException with a one-line reason when DJL or libtorch cannot be loaded; the reason is
     *                               also reported by {@link #availability()} from then on
     */
    @Override
    public Backend create(BackendOptions options) {
        DjlEnvironment.configure();
        Availability availability = DjlEnvironment.probe();
        if (!availability.available()) {
            throw new IllegalStateException(availability.detail());
        }
        return DjlBackend.start(options);
    }
}
