package org.initlab.backends.nativebackend;

import org.initlab.core.backend.Backend;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;

/**
 * The pure-Java backend: a {@link WorkerPool} shared by the sessions it opens. Each session computes every
 * output element on exactly one worker in a fixed order, so training is bit-identical for any thread count.
 */
final class NativeBackend implements Backend {
    private final WorkerPool pool;

    /** @param threads the number of workers, including the thread that calls the sessions */
    NativeBackend(int threads) {
        this.pool = new WorkerPool(threads);
    }

    @Override
    public String name() {
        return NativeBackendProvider.NAME;
    }

    @Override
    public String device() {
        return NativeBackendProvider.device(pool.workers());
    }

    /** @return the number of workers, the calling thread included */
    @Override
    public int threads() {
        return pool.workers();
    }

    @Override
    public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer, int maxBatchSize,
                                long seed) {
        return open(network, initial, optimizer, ParameterGroups.uniform(), maxBatchSize, seed);
    }

    /** Every parameter updates with its group's learning rate and weight decay (see {@link ParameterUpdate}). */
    @Override
    public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer,
                                ParameterGroups groups, int maxBatchSize, long seed) {
        return new NativeTrainingSession(pool, network, initial, optimizer, groups, maxBatchSize, seed);
    }

    @Override
    public void close() {
        pool.close();
    }
}
