package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.FINITE_DIFFERENCE_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.LOSS_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.PLAIN_SGD;
import static org.initlab.testkit.backend.KitFixtures.assertClose;
import static org.initlab.testkit.backend.KitFixtures.assertGradientsClose;
import static org.initlab.testkit.backend.KitFixtures.assertSameValuesInOrder;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's checks of convolution, pooling and flatten layers on the tiny networks of
 * {@link KitNetworks#convolutionalNetworks()}: forward values, gradients against backpropagation and finite
 * differences, PyTorch's tie rule of max pooling, optimizer steps, determinism and input validation.
 */
public interface ConvolutionKitChecks extends KitChecks {

    /** Runs with arrays longer than the batch (NaN padding a backend must not read) and a smaller batch. */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitNetworks#convolutionalNetworks")
    default void convolutionalForwardMatchesReference(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 211);
        Batch batch = KitFixtures.batch(network, 3, 212);
        Batch padded = batch.padded(2, Float.NaN);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        int classes = network.outputWidth();
        try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 5)) {
            float[] logits = new float[5 * classes];
            Arrays.fill(logits, 42f);
            session.forward(padded.inputs(), 3, logits);
            assertClose("logits", logits, reference.logits(batch.inputs(), 3), FORWARD_TOLERANCE);
            assertThat(Arrays.copyOfRange(logits, 3 * classes, logits.length)).as("logits after the batch")
                    .containsOnly(42f);
            BatchEvaluation evaluation = session.evaluate(padded.inputs(), padded.labels(), 3);
            double expected = reference.evaluate(batch.inputs(), batch.labels(), 3).lossSum();
            assertThat(evaluation.count()).isEqualTo(3);
            assertThat(evaluation.lossSum()).isCloseTo(expected, within(LOSS_TOLERANCE * (1 + Math.abs(expected))));
        }
    }

    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitNetworks#convolutionalNetworks")
    default void convolutionalGradientsMatchReferenceBackpropagation(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 221);
        Batch batch = KitFixtures.batch(network, 4, 222);
        try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 4)) {
            assertGradientsClose("gradient", session.gradients(batch.inputs(), batch.labels(), 4),
                    new ReferenceNetwork(network, parameters).gradients(batch.inputs(), batch.labels(), 4),
                    GRADIENT_TOLERANCE);
        }
    }

    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitNetworks#convolutionalNetworks")
    default void convolutionalGradientsMatchFiniteDifferences(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 231);
        Batch batch = KitFixtures.batch(network, 2, 232);
        try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 2)) {
            assertGradientsClose("gradient", session.gradients(batch.inputs(), batch.labels(), 2),
                    new ReferenceNetwork(network, parameters).finiteDifferences(batch.inputs(), batch.labels(), 2,
                            1e-6), FINITE_DIFFERENCE_TOLERANCE);
        }
    }

    /**
     * A 1x1 convolution with weights (1, 1) turns two input channels into one map of exact ties: five of the six
     * positions of a 2x3 map sum to exactly 1, from different channel mixes. Two overlapping 2x2 windows
     * (stride 1) must both send their gradient to position (0, 1), the first maximum in row-major order, whose
     * mix is (1, 0): so the kernel's second weight gets no gradient. The last maximum or a column-major order
     * would give it some.
     */
    @Test
    default void maxPoolingSendsTheGradientToTheFirstLargestInputOfEachWindow() {
        Network network = new Network(FeatureShape.map(2, 2, 3), List.of(Conv2dLayer.of(2, 1, 1),
                new MaxPool2dLayer(2, 1), new FlattenLayer(), new DenseLayer(2, 2)), "ties in max pooling");
        ParameterSet parameters = KitFixtures.parametersOf(network, new float[] {1, 1}, new float[] {0},
                new float[] {0.75f, -1.25f, 0.5f, 2}, new float[] {0.125f, -0.25f});
        float[] inputs = {
            0, 1, 0, // channel 0, row 0
            0, 0.5f, 0.25f, // channel 0, row 1
            0.25f, 0, 1, // channel 1, row 0
            1, 0.5f, 0.75f}; // channel 1, row 1
        int[] labels = {1};
        Map<String, double[]> expected = new ReferenceNetwork(network, parameters).gradients(inputs, labels, 1);
        assertThat(expected.get("0.weight")[1]).as("the fixture's own premise").isZero();
        assertThat(expected.get("0.weight")[0]).isNotZero();
        try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 1)) {
            assertGradientsClose("gradient", session.gradients(inputs, labels, 1), expected, GRADIENT_TOLERANCE);
        }
    }

    /** Three steps of every optimizer on the tiny LeNet, against the reference rule (as for dense networks). */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitFixtures#optimizers")
    default void convolutionalOptimizerStepsFollowTheReferenceRule(OptimizerSpec optimizer) {
        Network network = lenet();
        ParameterSet parameters = KitFixtures.parameters(network, 241);
        ReferenceOptimizer reference = new ReferenceOptimizer(optimizer, parameters);
        try (TrainingSession session = backendUnderTest().open(network, parameters, optimizer, 3)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 3, 242 + step);
                ParameterSet before = session.parameters();
                ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 3);
                ReferenceNetwork current = new ReferenceNetwork(network, before);
                assertGradientsClose("gradient before step " + (step + 1), gradients,
                        current.gradients(batch.inputs(), batch.labels(), 3), GRADIENT_TOLERANCE);
                double expectedLoss = current.meanLoss(batch.inputs(), batch.labels(), 3);
                assertThat(session.trainStep(batch.inputs(), batch.labels(), 3)).as("loss of step %d", step + 1)
                        .isCloseTo(expectedLoss, within(LOSS_TOLERANCE * (1 + expectedLoss)));
                reference.step(gradients);
                assertClose(optimizer.spec() + " step " + (step + 1), session.parameters(), reference.parameters(),
                        LOSS_TOLERANCE);
            }
        }
    }

    /** Same inputs twice give bit-identical logits and gradients; two sessions train bit-identically. */
    @Test
    default void convolutionalComputationsAreDeterministic() {
        Network network = lenet();
        ParameterSet parameters = KitFixtures.parameters(network, 251);
        OptimizerSpec adam = new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0);
        Batch probe = KitFixtures.batch(network, 4, 252);
        try (Backend other = anotherBackend();
             TrainingSession first = backendUnderTest().open(network, parameters, adam, 4);
             TrainingSession second = other.open(network, parameters, adam, 4)) {
            float[] once = new float[4 * 4];
            float[] twice = new float[4 * 4];
            first.forward(probe.inputs(), 4, once);
            first.forward(probe.inputs(), 4, twice);
            assertThat(twice).containsExactly(once);
            assertSameValuesInOrder(first.gradients(probe.inputs(), probe.labels(), 4),
                    first.gradients(probe.inputs(), probe.labels(), 4));
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 4 - step, 253 + step);
                double loss = first.trainStep(batch.inputs(), batch.labels(), batch.size());
                assertThat(second.trainStep(batch.inputs(), batch.labels(), batch.size())).isEqualTo(loss);
            }
            assertSameValuesInOrder(second.parameters(), first.parameters());
        }
    }

    @Test
    default void convolutionalInputsThatAreTooShortOrParametersThatDoNotFitAreRejected() {
        Network network = ModelSpec.parse("cnn:2x4x4-c2k3-3:relu");
        Batch batch = KitFixtures.batch(network, 2, 261);
        float[] short1 = Arrays.copyOf(batch.inputs(), 2 * network.inputWidth() - 1);
        try (TrainingSession session = backendUnderTest().open(network, KitFixtures.parameters(network, 262),
                PLAIN_SGD, 2)) {
            assertThatThrownBy(() -> session.forward(short1, 2, new float[6]))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> session.gradients(short1, batch.labels(), 2))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> session.trainStep(short1, batch.labels(), 2))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> session.evaluate(short1, batch.labels(), 2))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> session.forward(batch.inputs(), 2, new float[5]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        ParameterSet wider = KitFixtures.parameters(ModelSpec.parse("cnn:2x4x4-c3k3-3:relu"), 263);
        assertThat(wider.paths()).isEqualTo(KitFixtures.parameters(network, 264).paths());
        assertThatThrownBy(() -> backendUnderTest().open(network, wider, PLAIN_SGD, 2).close())
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** @return the tiny LeNet of {@link KitNetworks#convolutionalNetworks()}, whose outputs are 4 classes */
    private static Network lenet() {
        return ModelSpec.parse("cnn:1x12x12-c3k3p1-p2-c4k3-a2-f6-4:relu");
    }
}
