package org.initlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.initlab.core.Initlab;
import org.initlab.core.InitialStateRequest;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitialState;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.init.StateBuffer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Test;

/** The facade's initial state: what a trial starts from, plus batch normalization's buffers. */
class InitialStateTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
    private final Initlab lab = new Initlab(registry, List.of());

    /** 300 samples of 6 random features (more than the probe's 256, so the probe is a seeded choice). */
    private static Dataset data(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[300 * 6];
        int[] y = new int[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
        }
        return Dataset.of("random" + seed, x, y, List.of(6), 3);
    }

    private InitialState trialStart(Network network, InitializationPlan plan, long seed, Dataset train) {
        TrainerTest.ScriptedBackend backend = new TrainerTest.ScriptedBackend(1.0);
        new Trainer().train(backend, network, plan, seed, train, train,
                new TrainingConfig(1, 64, OptimizerSpec.parse("sgd")), TrainingListener.NONE);
        return InitialState.of(network, backend.initial);
    }

    private static void assertSameBits(InitialState actual, InitialState expected) {
        assertThat(actual.parameters().paths()).isEqualTo(expected.parameters().paths());
        for (ParameterTensor t : expected.parameters().tensors()) {
            assertThat(actual.parameters().values(t.spec().path())).as(t.spec().path()).isEqualTo(t.values());
        }
    }

    @Test
    void lsuvStateEqualsWhatATrialStartsFromAndDependsOnSeedAndData() {
        Network network = ModelSpec.parse("mlp:6-16-bn-16-3:tanh");
        InitializationPlan plan = new InitializationPlan(registry.resolve("lsuv(pre=orthogonal)"),
                registry.resolve("zeros"), List.of());
        InitialState state = Initlab.initialState(network, plan, 5, Optional.of(data(1)));

        assertSameBits(state, trialStart(network, plan, 5, data(1)));
        assertThat(state.parameters().values("0.weight"))
                .isNotEqualTo(trialStart(network, plan, 6, data(1)).parameters().values("0.weight"))
                .isNotEqualTo(Initlab.initialState(network, plan, 5, Optional.of(data(2))).parameters()
                        .values("0.weight"));
    }

    @Test
    void requestResolvesSpecsRulesAndBiasAsThePlanDoes() {
        InitialState state = lab.initialState(InitialStateRequest.of("mlp:6-8-3:relu", "he-normal")
                .withSeed(3).withBiasInit("constant(0.5)").withRules(List.of("2.weight=zeros")));
        InitializationPlan plan = new InitializationPlan(registry.resolve("he-normal"),
                registry.resolve("constant(0.5)"), InitializationPlan.ParameterOverride.parseAll(
                        List.of("2.weight=zeros"), registry));
        Network network = ModelSpec.parse("mlp:6-8-3:relu");
        assertSameBits(state, InitialState.of(network, plan.materialize(network, 3)));
        assertThat(state.parameters().values("0.bias")).containsOnly(0.5f);
        assertThat(state.parameters().values("2.weight")).containsOnly(0f);
        assertThat(state.buffers()).isEmpty();
    }

    @Test
    void batchNormLayersInTheTrunkBranchesAndShortcutsGetPyTorchsStartingBuffers() {
        InitialState state = lab.initialState(InitialStateRequest.of(
                "cnn:1x8x8-c4k3p1-bn-[c8k3s2p1-bn-c8k3p1-bn]-gap-10:relu", "he-normal"));
        List<String> buffers = state.buffers().stream().map(StateBuffer::path).toList();
        assertThat(buffers).contains("1.running_mean", "1.running_var", "1.num_batches_tracked",
                "3.branch.1.running_mean", "3.branch.4.running_var", "3.shortcut.1.num_batches_tracked");
        for (StateBuffer b : state.buffers()) {
            assertThat(state.parameters().find(b.path().replaceAll("\\.[a-z_]+$", ".weight"))).as(b.path())
                    .isPresent();
            switch (b.kind()) {
                case RUNNING_MEAN -> assertThat(b.values()).containsOnly(0f);
                case RUNNING_VAR -> assertThat(b.values()).containsOnly(1f);
                case NUM_BATCHES_TRACKED -> {
                    assertThat(b.shape()).isEqualTo(TensorShape.of());
                    assertThat(b.values()).containsExactly(0f);
                }
            }
        }
        assertThat(state.names()).hasSize(state.parameters().paths().size() + buffers.size());
    }

    @Test
    void lsuvOnDataOfTheWrongWidthIsRefusedNamingTheData() {
        Network network = ModelSpec.parse("mlp:5-4-3:tanh");
        InitializationPlan plan = InitializationPlan.of(registry.resolve("lsuv"), registry.resolve("zeros"));
        assertThatThrownBy(() -> Initlab.initialState(network, plan, 0, Optional.of(data(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("random1");
    }
}
