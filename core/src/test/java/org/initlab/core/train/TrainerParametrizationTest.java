package org.initlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.initlab.core.Initlab;
import org.initlab.core.backend.Availability;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;
import org.initlab.core.width.Parametrization;
import org.initlab.core.width.WidthScaling;
import org.junit.jupiter.api.Test;

/** The trainer applies a trial's parametrization: transformed network, scaled initial values, parameter groups. */
class TrainerParametrizationTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
    private final Network network = ModelSpec.parse("mlp:2-8-8-2:relu");
    private final InitializationPlan plan = InitializationPlan.of(registry.resolve("he-normal"),
            registry.resolve("normal(std=0.1)"));

    /** Records what the trainer opens its session with (the default open refuses non-uniform groups). */
    static final class RecordingBackend implements Backend {
        private final TrainerTest.ScriptedBackend scripted = new TrainerTest.ScriptedBackend(0.7);
        Network network;
        ParameterSet initial;
        ParameterGroups groups;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String device() {
            return "none";
        }

        @Override
        public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer, int maxBatch,
                                    long seed) {
            throw new AssertionError("the trainer opens sessions with parameter groups");
        }

        @Override
        public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer,
                                    ParameterGroups groups, int maxBatch, long seed) {
            this.network = network;
            this.initial = initial;
            this.groups = groups;
            return scripted.open(network, initial, optimizer, maxBatch, seed);
        }

        @Override
        public void close() {
        }
    }

    private static Dataset data() {
        float[] x = new float[20];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 2;
        }
        return Dataset.of("ten", x, y, List.of(2), 2);
    }

    @Test
    void mupTrialsTrainTheTransformedNetworkFromScaledValuesWithGroups() {
        OptimizerSpec adam = OptimizerSpec.parse("adam(lr=0.01)");
        Parametrization mup = Parametrization.parse("mup(base_width=2)");
        RecordingBackend backend = new RecordingBackend();
        TrialResult r = new Trainer().train(backend, network, plan, 5, data(), data(),
                new TrainingConfig(1, 4, adam, mup), TrainingListener.NONE);
        assertThat(r.status()).isEqualTo(TrialStatus.OK);
        assertThat(backend.network.layers().get(4)).isEqualTo(new DenseLayer(8, 2, 0.25));
        assertThat(backend.groups.scaleOf("2.weight")).isEqualTo(new ParameterGroups.GroupScale(0.25, 4));
        assertThat(backend.groups.scaleOf("0.weight")).isEqualTo(ParameterGroups.GroupScale.ONE);

        WidthScaling scaling = mup.apply(network, adam);
        ParameterSet plain = Trainer.initialParameters(scaling.network(), plan, 5, data(), 1);
        float[] readout = plain.values("4.weight");
        assertThat(backend.initial.values("4.weight")[3]).isEqualTo((float) (readout[3] * 2.0));
        assertThat(backend.initial.values("2.bias")[1]).isEqualTo((float) (plain.values("2.bias")[1] * 2.0));
        assertThat(backend.initial.values("0.weight")).isEqualTo(plain.values("0.weight"));
        assertThat(Trainer.initialParameters(scaling, plan, 5, data(), 1).values("4.weight"))
                .isEqualTo(backend.initial.values("4.weight"));
    }

    @Test
    void spTrialsOpenWithUniformGroupsAndTheNetworkAsBuilt() {
        RecordingBackend backend = new RecordingBackend();
        new Trainer().train(backend, network, plan, 5, data(), data(),
                new TrainingConfig(1, 4, OptimizerSpec.parse("sgd")), TrainingListener.NONE);
        assertThat(backend.network).isEqualTo(network);
        assertThat(backend.groups.isUniform()).isTrue();
        assertThat(backend.initial.values("4.weight"))
                .isEqualTo(Trainer.initialParameters(network, plan, 5, data(), 1).values("4.weight"));
    }

    @Test
    void theLibraryFacadeTrainsUnderTheRequestedParametrization() {
        RecordingBackend backend = new RecordingBackend();
        BackendProvider provider = new BackendProvider() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public int rank() {
                return 1;
            }

            @Override
            public Availability availability() {
                return Availability.available("test");
            }

            @Override
            public Backend create(BackendOptions options) {
                return backend;
            }
        };
        Initlab lab = new Initlab(registry, List.of(provider));
        Initlab.TrainingRequest request = Initlab.TrainingRequest.of("mlp:2-8-8-2:relu", "he-normal")
                .withEpochs(1).withBatchSize(4).withOptimizer("adam(lr=0.01)").withData(data(), data());
        assertThat(request.parametrization()).isEqualTo("sp");
        lab.train(request.withParametrization("mup(base_width=2)"));
        assertThat(backend.network.layers().get(4)).isEqualTo(new DenseLayer(8, 2, 0.25));
        assertThat(backend.groups.scaleOf("2.weight")).isEqualTo(new ParameterGroups.GroupScale(0.25, 4));
        lab.train(request.withSeed(3));
        assertThat(backend.groups.isUniform()).isTrue();
        assertThat(backend.network).isEqualTo(network);
    }
}
