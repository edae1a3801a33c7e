package org.initlab.testkit.backend;

import java.util.List;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;
import org.initlab.spi.ParameterSpec;

/** The backend of {@link ReferenceBackendProvider}: opens {@link ReferenceSession}s. */
final class ReferenceBackend implements Backend {
    private boolean closed;

    @Override
    public String name() {
        return ReferenceBackendProvider.NAME;
    }

    @Override
    public String device() {
        return "CPU (double precision, test only)";
    }

    @Override
    public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer, int maxBatchSize,
                                long seed) {
        return open(network, initial, optimizer, ParameterGroups.uniform(), maxBatchSize, seed);
    }

    @Override
    public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer,
                                ParameterGroups groups, int maxBatchSize, long seed) {
        checkOpen();
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
        }
        List<ParameterSpec> specs = network.parameters();
        List<String> paths = specs.stream().map(ParameterSpec::path).toList();
        if (!initial.paths().equals(paths)) {
            throw new IllegalArgumentException("parameters " + initial.paths() + " do not match " + network
                    + ", which has " + paths);
        }
        for (ParameterSpec spec : specs) {
            if (initial.values(spec.path()).length != spec.elementCount()) {
                throw new IllegalArgumentException("parameter " + spec.path() + " has "
                        + initial.values(spec.path()).length + " values, " + network + " needs " + spec.shape());
            }
        }
        groups.scalesFor(paths);
        return new ReferenceSession(this, network, initial, new ReferenceOptimizer(optimizer, groups, initial),
                maxBatchSize, seed);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the reference backend is closed");
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
