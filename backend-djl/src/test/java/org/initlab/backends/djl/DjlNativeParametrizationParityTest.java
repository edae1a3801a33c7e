package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.stream.Stream;
import org.initlab.backends.nativebackend.NativeBackendProvider;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.width.Parametrization;
import org.initlab.core.width.WidthScaling;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Width parametrizations train identically on both backends: the transformed network (dense input multipliers),
 * its scaled initial values and its per-parameter learning-rate and weight-decay multipliers (muP's
 * {@code MuSGD} / {@code MuAdam} groups, with warm-up on top) give the same losses and parameters after a few
 * steps on libtorch and on the pure-Java backend. The control: the groups really differ per parameter, so a
 * backend that ignored them would leave the other's parameters behind.
 */
class DjlNativeParametrizationParityTest {
    private static final double TOLERANCE = 1e-4;
    private static final int BATCH = 16;
    private static final long SEED = 11;
    private static final String MODEL = "mlp:784-64-64-10";

    private static Backend pytorch;
    private static Backend pureJava;
    private static InitializerRegistry registry;

    @BeforeAll
    static void createBackends() {
        pytorch = new DjlBackendProvider().create(new BackendOptions(2));
        pureJava = new NativeBackendProvider().create(new BackendOptions(2));
        registry = InitializerRegistry.load(DjlNativeParametrizationParityTest.class.getClassLoader());
    }

    @AfterAll
    static void closeBackends() {
        pytorch.close();
        pureJava.close();
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("mup(base_width=16)", "adam(lr=0.003, weight_decay=0.01, warmup=2)"),
                Arguments.of("mup(base_width=16)", "sgd(lr=0.05, momentum=0.9, weight_decay=0.001)"),
                Arguments.of("ntk", "sgd(lr=0.5, momentum=0.9)"),
                Arguments.of("ntk(base_width=16)", "adam(lr=0.003)"));
    }

    @ParameterizedTest
    @MethodSource("settings")
    void perLayerLearningRatesGiveTheSameUpdatesOnBothBackends(String parametrization, String optimizerSpec) {
        OptimizerSpec optimizer = OptimizerSpec.parse(optimizerSpec);
        WidthScaling scaling = Parametrization.parse(parametrization).apply(ModelSpec.parse(MODEL), optimizer);
        Network network = scaling.network();
        ParameterSet initial = scaling.scaleInitial(InitializationPlan.of(registry.resolve("he-normal"),
                registry.resolve("uniform(a=-0.1, b=0.1)")).materialize(network, SEED));
        assertThat(scaling.groups().isUniform()).as("the groups differ per parameter")
                .isEqualTo(parametrization.startsWith("ntk"));
        try (TrainingSession a = pytorch.open(network, initial, optimizer, scaling.groups(), BATCH, SEED);
             TrainingSession b = pureJava.open(network, initial, optimizer, scaling.groups(), BATCH, SEED)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, BATCH, 300 + step);
                double lossA = a.trainStep(batch.inputs(), batch.labels(), BATCH);
                double lossB = b.trainStep(batch.inputs(), batch.labels(), BATCH);
                assertThat(Math.abs(lossA - lossB)).as("loss of step %d", step + 1).isLessThan(TOLERANCE);
            }
            ParameterSet after = a.parameters();
            ParameterSet reference = b.parameters();
            for (String path : initial.paths()) {
                float[] x = after.values(path);
                float[] y = reference.values(path);
                float[] start = initial.values(path);
                double max = 0;
                double moved = 0;
                for (int i = 0; i < x.length; i++) {
                    max = Math.max(max, Math.abs((double) x[i] - y[i]));
                    moved = Math.max(moved, Math.abs((double) y[i] - start[i]));
                }
                System.out.printf(Locale.ROOT, "parity %s %s %s: max |djl - native| = %.3g (moved %.3g)%n",
                        parametrization, optimizerSpec, path, max, moved);
                assertThat(moved).as(path + " was updated").isGreaterThan(10 * TOLERANCE);
                assertThat(max).as(parametrization + " " + optimizerSpec + " " + path).isLessThanOrEqualTo(TOLERANCE);
            }
        }
    }
}
