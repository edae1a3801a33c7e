package org.initlab.core.backend;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;

/** A created compute backend. Thread-confined: use it from one thread. */
@API(status = EXPERIMENTAL, since = "0.1")
public interface Backend extends AutoCloseable {

    /** @return the provider's name */
    String name();

    /** @return the device it computes on, e.g. {@code CPU (2 threads)} */
    String device();

    /**
     * The number of threads the backend was created with ({@link BackendOptions#threads()}); the host passes that
     * prepare its trials (data-dependent initialization, layer statistics) use as many.
     *
     * @return the thread count, {@code >= 1}; 1 unless the backend says otherwise
     */
    default int threads() {
        return 1;
    }

    /**
     * Opens a training session for one network, starting from the given parameters (copied: later changes to
     * {@code initial} do not affect the session).
     *
     * @param network      the network
     * @param initial      its initial parameters, in the network's parameter order
     * @param optimizer    the optimizer
     * @param maxBatchSize the largest batch that will be passed
     * @param seed         the seed of the session's own randomness (dropout masks), so that a run repeats
     * @return the session; close it when done
     * @throws IllegalArgumentException when the network has a layer the backend does not implement, or the
     *                                  parameters' paths or lengths do not match the network
     */
    TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer, int maxBatchSize,
                         long seed);

    /**
     * Opens a training session whose optimizer uses per-parameter learning-rate and weight-decay multipliers
     * ({@link ParameterGroups}: PyTorch's parameter groups). The multipliers apply to the optimizer's values
     * at every step, after any learning-rate schedule of the optimizer (warm-up). With
     * {@link ParameterGroups#isUniform() uniform} groups this is
     * {@link #open(Network, ParameterSet, OptimizerSpec, int, long)}.
     *
     * @param network      the network
     * @param initial      its initial parameters, in the network's parameter order
     * @param optimizer    the optimizer
     * @param groups       the per-parameter multipliers; paths that are not parameters of the network are an error
     * @param maxBatchSize the largest batch that will be passed
     * @param seed         the seed of the session's own randomness
     * @return the session; close it when done
     * @throws IllegalArgumentException      as {@link #open(Network, ParameterSet, OptimizerSpec, int, long)}, or
     *                                       when a group names no parameter of the network
     * @throws UnsupportedOperationException when the groups are not uniform and the backend does not implement
     *                                       per-parameter multipliers (the built-in backends do)
     */
    default TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer,
                                 ParameterGroups groups, int maxBatchSize, long seed) {
        if (!groups.isUniform()) {
            throw new UnsupportedOperationException("backend " + name() + " does not support per-parameter"
                    + " learning rates");
        }
        return open(network, initial, optimizer, maxBatchSize, seed);
    }

    /**
     * Opens a training session with seed 0 (see {@link #open(Network, ParameterSet, OptimizerSpec, int, long)}).
     *
     * @param network      the network
     * @param initial      its initial parameters
     * @param optimizer    the optimizer
     * @param maxBatchSize the largest batch that will be passed
     * @return the session; close it when done
     */
    default TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer, int maxBatchSize) {
        return open(network, initial, optimizer, maxBatchSize, 0L);
    }

    /** Releases the backend's threads and native resources. */
    @Override
    void close();
}
