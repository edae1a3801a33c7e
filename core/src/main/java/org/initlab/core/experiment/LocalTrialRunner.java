package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.core.backend.Backend;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerFailedException;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingConfig;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;
import org.initlab.core.width.Parametrization;

/**
 * Runs trials in the calling thread on one open backend with data already loaded. A spec whose initializers
 * do not fit the network, or whose initializer throws or overflows the stack
 * ({@link InitializerFailedException}), becomes a {@link TrialStatus#FAILED} result.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class LocalTrialRunner implements TrialRunner {
    private final InitializerRegistry registry;
    private final Trainer trainer;
    private final Backend backend;
    private final Dataset train;
    private final Dataset test;

    /**
     * @param registry resolves the spec's initializers
     * @param trainer  trains
     * @param backend  the open backend; the runner does not close it
     * @param train    training data
     * @param test     test data
     */
    public LocalTrialRunner(InitializerRegistry registry, Trainer trainer, Backend backend, Dataset train,
                            Dataset test) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.train = Objects.requireNonNull(train, "train");
        this.test = Objects.requireNonNull(test, "test");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the spec names another backend than this runner's
     */
    @Override
    public TrialResult run(TrialSpec spec, TrainingListener listener) {
        if (!spec.backend().equals(backend.name())) {
            throw new IllegalArgumentException("trial " + spec.key() + " asks for backend '" + spec.backend()
                    + "' but this runner has '" + backend.name() + "'");
        }
        Network network = ModelSpec.parse(spec.model());
        try {
            TrainingConfig config = new TrainingConfig(spec.epochs(), spec.batchSize(),
                    OptimizerSpec.parse(spec.optimizer()), Parametrization.parse(spec.parametrization()));
            InitializationPlan plan = TrialPlans.plan(registry, spec.weightInit(), spec.biasInit(), spec.rules());
            return trainer.train(backend, network, plan, spec.seed(), train, test, config, listener);
        } catch (IllegalArgumentException | InitializerFailedException e) {
            TrialResult failed = new TrialResult(spec.weightInit(), spec.seed(), TrialStatus.FAILED, List.of(), 0,
                    0, Optional.of(e.getMessage()));
            listener.trialFinished(failed);
            return failed;
        }
    }
}
