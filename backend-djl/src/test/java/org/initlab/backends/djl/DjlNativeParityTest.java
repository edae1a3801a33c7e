package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.stream.Stream;
import org.initlab.backends.nativebackend.NativeBackendProvider;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DJL backend against the pure-Java one from the same seed: the same initial tensors (both copy the
 * {@link ParameterSet} that initlab's initializers materialize), then logits, one SGD step with momentum and a
 * few Adam steps that agree within 1e-4 (absolute) on MNIST-sized networks. Prints the largest differences.
 */
class DjlNativeParityTest {
    private static final double TOLERANCE = 1e-4;
    private static final int BATCH = 32;
    private static final long SEED = 42;

    private static Backend pytorch;
    private static Backend pureJava;
    private static InitializerRegistry registry;

    @BeforeAll
    static void createBackends() {
        pytorch = new DjlBackendProvider().create(new BackendOptions(2));
        pureJava = new NativeBackendProvider().create(new BackendOptions(2));
        registry = InitializerRegistry.load(DjlNativeParityTest.class.getClassLoader());
    }

    @AfterAll
    static void closeBackends() {
        pytorch.close();
        pureJava.close();
    }

    static Stream<Arguments> networks() {
        return Stream.of(Arguments.of("mlp:784-64-10:relu", "he-normal"),
                Arguments.of("mlp:784-64-32-10:tanh", "xavier-normal"),
                Arguments.of("mlp:784-64-ln-32-10:gelu_tanh", "variance-scaling(scale=2.3519, distribution=untruncated_normal)"),
                Arguments.of("mlp:784-64x2-rms-10:silu", "variance-scaling(scale=2.8108, distribution=untruncated_normal)"),
                Arguments.of("mlp:784-64-32-10:mish", "variance-scaling(scale=2.2107)"));
    }

    private static ParameterSet initial(Network network, String weights) {
        return InitializationPlan.of(registry.resolve(weights), registry.resolve("zeros")).materialize(network,
                SEED);
    }

    @ParameterizedTest
    @MethodSource("networks")
    void bothBackendsStartFromTheSameTensorsAndComputeTheSameLogits(String spec, String weights) {
        Network network = ModelSpec.parse(spec);
        ParameterSet initial = initial(network, weights);
        Batch batch = KitFixtures.batch(network, BATCH, 7);
        try (TrainingSession a = pytorch.open(network, initial, sgd(), BATCH);
             TrainingSession b = pureJava.open(network, initial, sgd(), BATCH)) {
            for (String path : initial.paths()) {
                assertThat(a.parameters().values(path)).as(path).containsExactly(initial.values(path));
                assertThat(b.parameters().values(path)).as(path).containsExactly(initial.values(path));
            }
            float[] logitsA = new float[BATCH * 10];
            float[] logitsB = new float[BATCH * 10];
            a.forward(batch.inputs(), BATCH, logitsA);
            b.forward(batch.inputs(), BATCH, logitsB);
            assertWithin(spec + " logits", logitsA, logitsB);
        }
    }

    @ParameterizedTest
    @MethodSource("networks")
    void oneSgdStepWithMomentumGivesTheSameParameters(String spec, String weights) {
        compareTraining(spec, weights, sgd(), 1);
    }

    @ParameterizedTest
    @MethodSource("networks")
    void severalAdamStepsGiveTheSameParameters(String spec, String weights) {
        compareTraining(spec, weights, new OptimizerSpec.Adam(1e-3, 0.9, 0.999, 1e-8, 0), 3);
    }

    private static OptimizerSpec sgd() {
        return new OptimizerSpec.Sgd(0.05, 0.9, false, 0);
    }

    private static void compareTraining(String spec, String weights, OptimizerSpec optimizer, int steps) {
        Network network = ModelSpec.parse(spec);
        ParameterSet initial = initial(network, weights);
        try (TrainingSession a = pytorch.open(network, initial, optimizer, BATCH);
             TrainingSession b = pureJava.open(network, initial, optimizer, BATCH)) {
            for (int step = 0; step < steps; step++) {
                Batch batch = KitFixtures.batch(network, BATCH, 100 + step);
                double lossA = a.trainStep(batch.inputs(), batch.labels(), BATCH);
                double lossB = b.trainStep(batch.inputs(), batch.labels(), BATCH);
                assertThat(Math.abs(lossA - lossB)).as("loss of step %d", step + 1).isLessThan(TOLERANCE);
            }
            ParameterSet after = a.parameters();
            ParameterSet reference = b.parameters();
            for (String path : initial.paths()) {
                assertWithin(spec + " " + optimizer.spec() + " x" + steps + " " + path, after.values(path),
                        reference.values(path));
            }
        }
    }

    private static void assertWithin(String what, float[] actual, float[] expected) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
        }
        System.out.printf(Locale.ROOT, "parity %s: max |djl - native| = %.3g%n", what, max);
        assertThat(max).as(what).isLessThanOrEqualTo(TOLERANCE);
    }
}
