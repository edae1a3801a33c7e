package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.initlab.testkit.backend.KitFixtures.assertClose;

import java.util.List;
import java.util.stream.Stream;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.testkit.backend.ReferenceNetwork;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution, pooling and flatten on PyTorch against the backend kit's {@link ReferenceNetwork} (the layers'
 * formulas in double precision): forward values for strides, paddings and groups, pooling windows that do not tile the
 * input (floor mode), and the gradients of a small CNN against central finite differences of the loss.
 */
class DjlConvolutionTest {
    private static final OptimizerSpec SGD = new OptimizerSpec.Sgd(0.1, 0, false, 0);
    private static Backend backend;

    @BeforeAll
    static void createBackend() {
        backend = new DjlBackendProvider().create(new BackendOptions(2));
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    static Stream<Arguments> convolutions() {
        return Stream.of(
                Arguments.of(FeatureShape.map(1, 6, 6), Conv2dLayer.of(1, 3, 3)),
                Arguments.of(FeatureShape.map(3, 7, 5), new Conv2dLayer(3, 4, 3, 2, 0, 1)),
                Arguments.of(FeatureShape.map(2, 5, 5), new Conv2dLayer(2, 3, 3, 1, 1, 1)),
                Arguments.of(FeatureShape.map(4, 8, 7), new Conv2dLayer(4, 6, 3, 2, 2, 2)),
                Arguments.of(FeatureShape.map(4, 5, 5), new Conv2dLayer(4, 4, 2, 1, 1, 4)),
                Arguments.of(FeatureShape.map(1, 28, 28), new Conv2dLayer(1, 16, 5, 1, 0, 1)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("convolutions")
    void convolutionMatchesTheDoublePrecisionReference(FeatureShape input, Conv2dLayer conv) {
        Network network = new Network(input, List.of(conv, new FlattenLayer()), conv.toString());
        ParameterSet parameters = CnnFixtures.parameters(network, 3);
        assertForwardMatchesReference(network, parameters, 3);
    }

    static Stream<Arguments> pools() {
        return Stream.of(
                Arguments.of(new MaxPool2dLayer(2, 2), FeatureShape.map(2, 6, 6)),
                Arguments.of(new MaxPool2dLayer(3, 2), FeatureShape.map(2, 8, 7)),
                Arguments.of(new MaxPool2dLayer(2, 3), FeatureShape.map(1, 7, 8)),
                Arguments.of(new AvgPool2dLayer(2, 2), FeatureShape.map(3, 5, 5)),
                Arguments.of(new AvgPool2dLayer(3, 1), FeatureShape.map(2, 6, 5)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("pools")
    void poolingTakesTheMaximumOrMeanOfEveryWholeWindow(Object pool, FeatureShape input) {
        Network network = new Network(input, List.of((Layer) pool, new FlattenLayer()),
                pool.toString());
        assertForwardMatchesReference(network, new ParameterSet(List.of()), 4);
    }

    @Test
    void flattenKeepsTheChannelRowColumnOrderOfTheInput() {
        Network network = new Network(FeatureShape.map(2, 3, 4), List.of(new FlattenLayer()), "flatten");
        float[] inputs = new float[2 * 24];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = i;
        }
        try (TrainingSession session = backend.open(network, new ParameterSet(List.of()), SGD, 2)) {
            float[] logits = new float[inputs.length];
            session.forward(inputs, 2, logits);
            assertThat(logits).containsExactly(inputs);
        }
    }

    @Test
    void theMnistCnnComputesTheReferenceLogits() {
        Network network = ModelSpec.parse("cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu");
        assertForwardMatchesReference(network, CnnFixtures.parameters(network, 8), 2);
    }

    /**
     * Grouped, strided, padded convolutions, both poolings and a dense layer, with activations whose first
     * derivative is continuous so that the finite differences are exact to their truncation error (not GELU:
     * the reference's erf approximation is only good to 1e-7, which a step of 1e-5 turns into 1e-2).
     */
    @Test
    void gradientsOfASmallCnnMatchCentralFiniteDifferences() {
        Network network = new Network(FeatureShape.map(2, 7, 7), List.of(
                new Conv2dLayer(2, 4, 3, 1, 1, 2), new ActivationLayer(Activation.TANH),
                new MaxPool2dLayer(2, 2),
                new Conv2dLayer(4, 6, 2, 1, 0, 1), new ActivationLayer(Activation.ELU),
                new AvgPool2dLayer(2, 1),
                new Conv2dLayer(6, 4, 1, 2, 0, 2), new ActivationLayer(Activation.SIGMOID),
                new FlattenLayer(), new DenseLayer(4, 3)), "small cnn");
        ParameterSet parameters = CnnFixtures.parameters(network, 21);
        Batch batch = KitFixtures.batch(network, 3, 22);
        try (TrainingSession session = backend.open(network, parameters, SGD, 3)) {
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 3);
            assertThat(gradients.paths()).containsExactlyElementsOf(parameters.paths());
            assertClose("gradient", gradients, new ReferenceNetwork(network, parameters)
                    .finiteDifferences(batch.inputs(), batch.labels(), 3, 1e-5), 1e-3);
            double loss = session.trainStep(batch.inputs(), batch.labels(), 3);
            assertThat(loss).isCloseTo(new ReferenceNetwork(network, parameters).meanLoss(batch.inputs(), batch.labels(), 3),
                    offset(1e-5));
        }
    }

    private static void assertForwardMatchesReference(Network network, ParameterSet parameters, int batchSize) {
        Batch batch = KitFixtures.batch(network, batchSize, 5);
        try (TrainingSession session = backend.open(network, parameters, SGD, batchSize)) {
            float[] logits = new float[batchSize * network.outputWidth()];
            session.forward(batch.inputs(), batchSize, logits);
            assertClose(network + " output", logits, new ReferenceNetwork(network, parameters).logits(batch.inputs(),
                    batchSize), 1e-5);
        }
    }
}
