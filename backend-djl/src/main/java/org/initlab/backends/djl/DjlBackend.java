package org.initlab.backends.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;

/**
 * The loaded PyTorch engine on one device and the root {@link NDManager} of its sessions. Closing it closes
 * every session's manager, and with them every tensor they hold.
 */
final class DjlBackend implements Backend {
    /** DJL's name of its PyTorch engine. */
    static final String ENGINE = "PyTorch";

    private final Engine engine;
    private final Device device;
    private final String description;
    private final NDManager manager;
    private final int threads;
    private volatile boolean closed;

    private DjlBackend(Engine engine, Device device, String description, int threads) {
        this.threads = threads;
        this.engine = engine;
        this.device = device;
        this.description = description;
        this.manager = engine.newBaseManager(device);
    }

    /**
     * Loads the engine and picks the device.
     *
     * @param options the thread count
     * @return the backend
     * @throws IllegalStateException when the engine cannot be loaded (the reason is recorded for
     *                               {@link DjlBackendProvider#availability()})
     */
    static DjlBackend start(BackendOptions options) {
        DjlEnvironment.configure();
        DjlEnvironment.requestThreads(options.threads());
        Engine engine;
        int gpus;
        try {
            engine = Engine.getEngine(ENGINE);
            JniUtils.setNumThreads(options.threads());
            gpus = engine.getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException(DjlEnvironment.recordFailure(e), e);
        }
        DjlEnvironment.clearFailure();
        String version = shortVersion(engine.getVersion());
        if (gpus > 0) {
            Device gpu = Device.gpu(0);
            return new DjlBackend(engine, gpu, "PyTorch " + version + " CUDA " + gpu + " (" + gpus
                    + (gpus == 1 ? " GPU" : " GPUs") + " visible)", options.threads());
        }
        int threads = JniUtils.getNumThreads();
        return new DjlBackend(engine, Device.cpu(), "PyTorch " + version + " CPU, " + threads
                + (threads == 1 ? " thread" : " threads"), options.threads());
    }

    /**
     * @param version libtorch's version as DJL reports it, e.g. {@code 2.7.1-20250812}
     * @return the release part, e.g. {@code 2.7.1}
     */
    static String shortVersion(String version) {
        int dash = version.indexOf('-');
        return dash > 0 ? version.substring(0, dash) : version;
    }

    @Override
    public String name() {
        return DjlBackendProvider.NAME;
    }

    @Override
    public String device() {
        return description;
    }

    /** @return the thread count it was created with */
    @Override
    public int threads() {
        return threads;
    }

    @Override
    public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer, int maxBatchSize,
                                long seed) {
        return open(network, initial, optimizer, ParameterGroups.uniform(), maxBatchSize, seed);
    }

    /** Every parameter updates with its group's learning rate and weight decay (see {@link DjlOptimizer}). */
    @Override
    public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer,
                                ParameterGroups groups, int maxBatchSize, long seed) {
        checkOpen();
        return new DjlTrainingSession(this, manager.newSubManager(), network, initial, optimizer, groups,
                maxBatchSize, seed);
    }

    Engine engine() {
        return engine;
    }

    Device computeDevice() {
        return device;
    }

    /** @return the number of live tensors held by this backend's sessions (a leak check for tests) */
    int liveTensors() {
        return manager.getManagedArrays().size();
    }

    boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the " + DjlBackendProvider.NAME + " backend has been closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
