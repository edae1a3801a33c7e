package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.BATCH_NORM_GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.assertClose;
import static org.initlab.testkit.backend.KitFixtures.assertGradientsClose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.testkit.backend.ReferenceOptimizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Residual blocks, gates and scalar biases on PyTorch against {@link ResidualReference}, a double-precision
 * forward pass written from the layers' Javadoc: evaluation-mode logits, the training loss, autograd's
 * gradients against central finite differences of the reference's loss, optimizer steps against the kit's
 * {@link ReferenceOptimizer}, and the running statistics of batch normalizations inside branches and shortcuts.
 * Gates and scalar biases start at random values (not at 1 and 0), so a gate or bias the backend ignored would
 * show.
 */
class DjlResidualTest {
    private static final int BATCH = 4;
    private static DjlBackend backend;

    @BeforeAll
    static void createBackend() {
        backend = (DjlBackend) new DjlBackendProvider().create(new BackendOptions(2));
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    static Stream<String> residualNetworks() {
        return Stream.of(
                "mlp:6-5-[5-5]x2-3",
                "mlp:6-5-pre[5-ln-5-ln-alpha]x2-3:tanh",
                "mlp:6-[4-fixup]x2-3",
                "mlp:6-[4-7]-3",
                "cnn:1x6x6-c3k3p1-bn-[c3k3p1-bn-c3k3p1-bn]-[c4k3s2p1-bn-c4k3p1-bn]-gap-3:relu",
                "cnn:2x5x5-pre[c2k3p1-bn-c2k3p1-bn-alpha]-gap-3:silu");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("residualNetworks")
    void logitsLossAndGradientsMatchTheDoublePrecisionReference(String spec) {
        Network network = ModelSpec.parse(spec);
        ParameterSet parameters = CnnFixtures.parameters(network, 11);
        ResidualReference reference = new ResidualReference(network, parameters);
        Batch batch = KitFixtures.batch(network, BATCH, 5);
        try (DjlTrainingSession session = open(network, parameters, KitFixtures.PLAIN_SGD)) {
            float[] logits = new float[BATCH * network.outputWidth()];
            session.forward(batch.inputs(), BATCH, logits);
            assertClose(spec + " evaluation logits", logits, reference.logits(batch.inputs(), BATCH, false, false),
                    FORWARD_TOLERANCE);
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), BATCH);
            assertGradientsClose(spec + " gradient", gradients,
                    reference.finiteDifferences(batch.inputs(), batch.labels(), BATCH, 1e-6),
                    BATCH_NORM_GRADIENT_TOLERANCE);
            double expectedLoss = reference.meanLoss(batch.inputs(), batch.labels(), BATCH);
            assertThat(session.trainStep(batch.inputs(), batch.labels(), BATCH)).as(spec + " training loss")
                    .isCloseTo(expectedLoss, within(1e-5 * Math.max(1, expectedLoss)));
        }
    }

    /**
     * Autograd against PyTorch's own loss: for every tensor, the gradient along a random unit direction {@code v}
     * equals {@code (L(p + h v) - L(p - h v)) / 2h} of the float32 training loss, each loss taken from a fresh
     * session's first {@code trainStep} (which reports the loss before it updates anything).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("residualNetworks")
    void gradientsAlongRandomDirectionsMatchDifferencesOfTheBackendsOwnLoss(String spec) {
        Network network = ModelSpec.parse(spec);
        ParameterSet parameters = CnnFixtures.parameters(network, 23);
        Batch batch = KitFixtures.batch(network, BATCH, 6);
        ParameterSet gradients;
        try (DjlTrainingSession session = open(network, parameters, KitFixtures.PLAIN_SGD)) {
            gradients = session.gradients(batch.inputs(), batch.labels(), BATCH);
        }
        SeededRandom random = SeededRandom.of(3);
        double h = 1e-3;
        for (ParameterTensor tensor : parameters.tensors()) {
            String path = tensor.spec().path();
            double[] direction = new double[tensor.values().length];
            double along = 0;
            for (int i = 0; i < direction.length; i++) {
                direction[i] = random.nextGaussian();
            }
            double norm = Math.sqrt(Arrays.stream(direction).map(d -> d * d).sum());
            for (int i = 0; i < direction.length; i++) {
                direction[i] /= norm;
                along += direction[i] * gradients.values(path)[i];
            }
            double difference = (loss(network, moved(parameters, path, direction, h), batch)
                    - loss(network, moved(parameters, path, direction, -h), batch)) / (2 * h);
            assertThat(along).as(spec + " gradient of " + path + " along a random direction")
                    .isCloseTo(difference, within(5e-4 + 1e-2 * Math.abs(difference)));
        }
    }

    private static double loss(Network network, ParameterSet parameters, Batch batch) {
        try (DjlTrainingSession session = open(network, parameters, KitFixtures.PLAIN_SGD)) {
            return session.trainStep(batch.inputs(), batch.labels(), BATCH);
        }
    }

    private static ParameterSet moved(ParameterSet parameters, String path, double[] direction, double step) {
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterTensor t : parameters.tensors()) {
            float[] values = t.values().clone();
            if (t.spec().path().equals(path)) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (values[i] + step * direction[i]);
                }
            }
            tensors.add(new ParameterTensor(t.spec(), values));
        }
        return new ParameterSet(tensors);
    }

    @Test
    void parametersAreNamedAsTheModulesOfABlockWithBranchAndShortcut() {
        Network network = ModelSpec.parse(
                "cnn:1x6x6-c3k3p1-bn-[c3k3p1-bn-c3k3p1-bn]-[c4k3s2p1-bn-c4k3p1-bn]-gap-3:relu");
        ParameterSet parameters = CnnFixtures.parameters(network, 2);
        try (DjlTrainingSession session = open(network, parameters, KitFixtures.PLAIN_SGD)) {
            ParameterSet read = session.parameters();
            assertThat(read.paths()).contains("3.branch.0.weight", "3.branch.4.bias", "4.branch.3.weight",
                    "4.shortcut.0.weight", "4.shortcut.1.weight", "4.shortcut.1.bias");
            KitFixtures.assertSameValuesInOrder(read, parameters);
        }
    }

    @Test
    void aClosedGateStillLearnsWhileItsBranchGetsNoGradient() {
        // SkipInit / ReZero start: alpha = 0 makes the block the identity; d loss / d alpha = <F(x), dy> != 0
        Network network = ModelSpec.parse("mlp:6-5-pre[5-ln-5-ln-alpha]x2-3:tanh");
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterTensor t : CnnFixtures.parameters(network, 4).tensors()) {
            tensors.add(t.spec().path().endsWith(".alpha") ? new ParameterTensor(t.spec(), new float[] {0}) : t);
        }
        ParameterSet parameters = new ParameterSet(tensors);
        Batch batch = KitFixtures.batch(network, BATCH, 8);
        try (DjlTrainingSession session = open(network, parameters, KitFixtures.PLAIN_SGD)) {
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), BATCH);
            assertThat(gradients.values("2.branch.2.weight")).containsOnly(0f);
            assertThat(Math.abs(gradients.values("2.branch.6.alpha")[0])).isGreaterThan(1e-4f);
            assertGradientsClose("closed-gate gradient", gradients, new ResidualReference(network, parameters)
                    .finiteDifferences(batch.inputs(), batch.labels(), BATCH, 1e-6), BATCH_NORM_GRADIENT_TOLERANCE);
        }
    }

    static Stream<Arguments> trainingRuns() {
        OptimizerSpec nesterov = new OptimizerSpec.Sgd(0.05, 0.8, true, 0.01);
        OptimizerSpec adam = new OptimizerSpec.Adam(0.02, 0.8, 0.99, 1e-6, 0.1);
        String cnn = "cnn:1x6x6-c3k3p1-bn-[c3k3p1-bn-c3k3p1-bn]-[c4k3s2p1-bn-c4k3p1-bn]-gap-3:relu";
        String fixup = "mlp:6-[4-fixup]x2-3";
        return Stream.of(Arguments.of(cnn, nesterov), Arguments.of(cnn, adam), Arguments.of(fixup, nesterov),
                Arguments.of(fixup, adam), Arguments.of("cnn:2x5x5-pre[c2k3p1-bn-c2k3p1-bn-alpha]-gap-3:silu", adam));
    }

    /**
     * Three steps; before each, the backend's own gradient goes through the double-precision optimizer and the
     * reference takes the same two training passes ({@code gradients} and {@code trainStep} each update the
     * running statistics). Then every batch normalization's running statistics and the evaluation-mode logits.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("trainingRuns")
    void optimizerStepsRunningStatisticsAndEvaluationFollowTheReference(String spec, OptimizerSpec optimizer) {
        Network network = ModelSpec.parse(spec);
        ParameterSet parameters = CnnFixtures.parameters(network, 17);
        ResidualReference reference = new ResidualReference(network, parameters);
        ReferenceOptimizer steps = new ReferenceOptimizer(optimizer, parameters);
        try (DjlTrainingSession session = open(network, parameters, optimizer)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, BATCH, 30 + step);
                steps.step(session.gradients(batch.inputs(), batch.labels(), BATCH));
                reference.logits(batch.inputs(), BATCH, true, true);
                double expectedLoss = reference.meanLoss(batch.inputs(), batch.labels(), BATCH);
                assertThat(session.trainStep(batch.inputs(), batch.labels(), BATCH)).as("loss of step " + step)
                        .isCloseTo(expectedLoss, within(1e-5 * Math.max(1, expectedLoss)));
                reference.logits(batch.inputs(), BATCH, true, true);
                assertClose(spec + " " + optimizer + " after step " + step, session.parameters(), steps.parameters(),
                        1e-5);
                reference.use(session.parameters());
            }
            for (String module : batchNormModules(network)) {
                float[][] running = session.runningStatistics(module);
                assertClose("running mean of " + module, running[0], reference.runningStatistics(module)[0], 1e-5);
                assertClose("running variance of " + module, running[1], reference.runningStatistics(module)[1],
                        1e-5);
            }
            Batch batch = KitFixtures.batch(network, BATCH, 99);
            float[] logits = new float[BATCH * network.outputWidth()];
            session.forward(batch.inputs(), BATCH, logits);
            assertClose(spec + " evaluation logits after training", logits,
                    reference.logits(batch.inputs(), BATCH, false, false), FORWARD_TOLERANCE);
        }
    }

    /** @return the module paths of every batch normalization, in and out of residual blocks */
    private static List<String> batchNormModules(Network network) {
        List<String> modules = new ArrayList<>();
        for (int i = 0; i < network.layers().size(); i++) {
            Layer layer = network.layers().get(i);
            if (layer instanceof BatchNormLayer) {
                modules.add(String.valueOf(i));
            } else if (layer instanceof ResidualBlock block) {
                addBatchNorms(block.branch(), i + ".branch.", modules);
                addBatchNorms(block.shortcut(), i + ".shortcut.", modules);
            }
        }
        return modules;
    }

    private static void addBatchNorms(List<Layer> layers, String prefix, List<String> modules) {
        for (int j = 0; j < layers.size(); j++) {
            if (layers.get(j) instanceof BatchNormLayer) {
                modules.add(prefix + j);
            }
        }
    }

    private static DjlTrainingSession open(Network network, ParameterSet parameters, OptimizerSpec optimizer) {
        return (DjlTrainingSession) backend.open(network, parameters, optimizer, BATCH);
    }
}
