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
 * {@link DjlNativeParityTest} for convolutional networks (convolution with stride, padding and groups, both
 * poolings, batch normalization in training and evaluation mode) and vision transformers (patch embedding,
 * pre-LN with the class token, post-LN causal with mean pooling): the same initial tensors, logits, loss and
 * parameters after SGD with momentum and after Adam within 1e-4 on both backends. Needs the pure-Java
 * backend's convolution layers. Dropout is left out: the backends draw different masks from one seed.
 */
class DjlNativeCnnParityTest {
    private static final double TOLERANCE = 1e-4;
    private static final int BATCH = 16;
    private static final long SEED = 42;

    private static Backend pytorch;
    private static Backend pureJava;
    private static InitializerRegistry registry;

    @BeforeAll
    static void createBackends() {
        pytorch = new DjlBackendProvider().create(new BackendOptions(2));
        pureJava = new NativeBackendProvider().create(new BackendOptions(2));
        registry = InitializerRegistry.load(DjlNativeCnnParityTest.class.getClassLoader());
    }

    @AfterAll
    static void closeBackends() {
        pytorch.close();
        pureJava.close();
    }

    static Stream<Arguments> networks() {
        return Stream.of(Arguments.of("cnn:1x28x28-c8k5-p2-c16k5-p2-f32-10:relu", "he-normal"),
                Arguments.of("cnn:3x12x12-c8k3s2p1g1-a2-c8k3p1g2-f16-5:tanh", "xavier-normal"),
                Arguments.of("cnn:2x10x10-c6k3p1-bn-p2-c8k2-bn-f12-bn-4:relu", "kaiming-uniform"),
                Arguments.of("cnn:2x10x10-c6k3p1-ln-p2-c8k3p1-rms-gap-f12-ln-4:silu", "variance-scaling(scale=2.8108, distribution=untruncated_normal)"),
                Arguments.of("cnn:1x12x12-c6k3-rms-c8k3-gap-5:mish", "variance-scaling(scale=2.2107, distribution=uniform)"),
                // the native backend takes Winograd F(2x2, 3x3) for the 8-channel 14x13 convolutions
                Arguments.of("cnn:2x14x13-c8k3p1-bn-[c8k3p1-bn-c8k3p1-bn]-gap-5:relu", "he-normal"),
                Arguments.of("vit:1x28x28-p7-d32-h4-L2-10", "xavier-uniform"),
                Arguments.of("vit:1x12x12-p3-d12-h3-L2-ff20-post-mean-causal-5:relu", "he-normal"));
    }

    private static ParameterSet initial(Network network, String weights) {
        return InitializationPlan.of(registry.resolve(weights), registry.resolve("zeros")).materialize(network,
                SEED);
    }

    @ParameterizedTest
    @MethodSource("networks")
    void bothBackendsComputeTheSameLogitsFromTheSameTensors(String spec, String weights) {
        Network network = ModelSpec.parse(spec);
        ParameterSet initial = initial(network, weights);
        Batch batch = KitFixtures.batch(network, BATCH, 7);
        int classes = network.outputWidth();
        try (TrainingSession a = pytorch.open(network, initial, sgd(), BATCH, SEED);
             TrainingSession b = pureJava.open(network, initial, sgd(), BATCH, SEED)) {
            for (String path : initial.paths()) {
                assertThat(a.parameters().values(path)).as(path).containsExactly(initial.values(path));
            }
            float[] logitsA = new float[BATCH * classes];
            float[] logitsB = new float[BATCH * classes];
            a.forward(batch.inputs(), BATCH, logitsA);
            b.forward(batch.inputs(), BATCH, logitsB);
            assertWithin(spec + " logits", logitsA, logitsB);
        }
    }

    @ParameterizedTest
    @MethodSource("networks")
    void twoSgdStepsWithMomentumThenEvaluationAgree(String spec, String weights) {
        compareTraining(spec, weights, sgd(), 2);
    }

    @ParameterizedTest
    @MethodSource("networks")
    void threeAdamStepsAgree(String spec, String weights) {
        // A bias right before a batch norm has a true gradient of exactly 0 (the normalization subtracts it
        // again), so each backend's gradient is float noise of about 1e-9, and Adam with eps 1e-8 turns noise
        // into full steps of lr * sign(noise): the two backends' biases then differ by up to 3 lr after 3 steps,
        // and the running means that absorb them move the evaluation logits by ~4e-3 (measured). A larger eps
        // keeps Adam's arithmetic under test without amplifying the noise. The same holds for the key rows of a
        // transformer's in_proj_bias: q . b_k adds one constant to every score of a query, which softmax removes
        // (measured without the larger eps: in_proj_bias differs by 7e-4 to 1.3e-3 after 3 steps).
        double eps = spec.contains("-bn") || spec.startsWith("vit:") ? 1e-3 : 1e-8;
        compareTraining(spec, weights, new OptimizerSpec.Adam(1e-3, 0.9, 0.999, eps, 0), 3);
    }

    private static OptimizerSpec sgd() {
        return new OptimizerSpec.Sgd(0.05, 0.9, false, 0);
    }

    /** Training steps (batch statistics), then evaluation-mode logits (running statistics) and parameters. */
    private static void compareTraining(String spec, String weights, OptimizerSpec optimizer, int steps) {
        Network network = ModelSpec.parse(spec);
        ParameterSet initial = initial(network, weights);
        int classes = network.outputWidth();
        try (TrainingSession a = pytorch.open(network, initial, optimizer, BATCH, SEED);
             TrainingSession b = pureJava.open(network, initial, optimizer, BATCH, SEED)) {
            for (int step = 0; step < steps; step++) {
                Batch batch = KitFixtures.batch(network, BATCH, 100 + step);
                double lossA = a.trainStep(batch.inputs(), batch.labels(), BATCH);
                double lossB = b.trainStep(batch.inputs(), batch.labels(), BATCH);
                assertThat(Math.abs(lossA - lossB)).as("loss of step %d", step + 1).isLessThan(TOLERANCE);
            }
            Batch batch = KitFixtures.batch(network, BATCH, 200);
            float[] logitsA = new float[BATCH * classes];
            float[] logitsB = new float[BATCH * classes];
            a.forward(batch.inputs(), BATCH, logitsA);
            b.forward(batch.inputs(), BATCH, logitsB);
            assertWithin(spec + " " + optimizer.spec() + " x" + steps + " evaluation logits", logitsA, logitsB);
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
