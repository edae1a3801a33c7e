package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.Supplier;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures;

/**
 * What the tests of the convolution algorithms compare: logits, gradients and the weights after three SGD steps
 * of one network, computed under a choice of algorithms, within {@code 1e-5} of each tensor's largest value.
 */
final class ConvolutionComparison {
    private ConvolutionComparison() {
    }

    /** The outputs of one session. */
    record Result(float[] logits, ParameterSet gradients, ParameterSet trained) {
    }

    /**
     * Runs {@code body} with only the im2col convolution ({@link NativeConv2d}) chosen for layers created meanwhile,
     * or with {@code direct} and Winograd's mode as given.
     */
    static <T> T with(boolean direct, NativeWinogradConv.Mode winograd, Supplier<T> body) {
        boolean previousDirect = NativeDirectConv.use(direct);
        NativeWinogradConv.Mode previous = NativeWinogradConv.use(winograd);
        try {
            return body.get();
        } finally {
            NativeWinogradConv.use(previous);
            NativeDirectConv.use(previousDirect);
        }
    }

    static Result run(Network network, int threads, int batchSize) {
        ParameterSet initial = NetworkFixtures.parameters(network, 5);
        KitFixtures.Batch batch = KitFixtures.batch(network, batchSize, 11);
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(threads));
             TrainingSession session = backend.open(network, initial, new OptimizerSpec.Sgd(0.05, 0.9, false, 0),
                     batchSize, 3)) {
            float[] logits = new float[batchSize * network.outputWidth()];
            session.forward(batch.inputs(), batchSize, logits);
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), batchSize);
            for (int step = 0; step < 3; step++) {
                session.trainStep(batch.inputs(), batch.labels(), batchSize);
            }
            return new Result(logits, gradients, session.parameters());
        }
    }

    static void assertSame(Result actual, Result expected, String what) {
        assertClose(actual.logits(), expected.logits(), what + " logits");
        for (String path : expected.gradients().paths()) {
            assertClose(actual.gradients().values(path), expected.gradients().values(path), what + " d" + path);
            assertClose(actual.trained().values(path), expected.trained().values(path), what + " " + path);
        }
    }

    static void assertClose(float[] actual, float[] expected, String what) {
        double scale = 0;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            // relative to the tensor's largest value; the absolute floor covers biases right before a batch norm,
            // whose true gradient is 0 and whose computed one is float noise of about 1e-9
            assertThat((double) actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(1e-5 * scale + 1e-7));
        }
    }

    /**
     * Checks the forward pass of one convolution, on three samples of {@code shape}, against the double-precision
     * formula ({@link ConvolutionReferenceTest#naive}) within {@code 2e-5} relative, with the algorithms chosen as
     * in {@link #with}.
     */
    static void assertForwardMatchesTheFormula(Conv2dLayer conv, FeatureShape shape, boolean direct,
                                               NativeWinogradConv.Mode winograd) {
        Network network = new Network(shape, List.of(conv, new FlattenLayer()), conv.toString());
        ParameterSet parameters = NetworkFixtures.parameters(network, 3);
        KitFixtures.Batch data = KitFixtures.batch(network, 3, 8);
        double[] expected = ConvolutionReferenceTest.naive(conv, shape, data.inputs(), 3,
                parameters.values("0.weight"), parameters.values("0.bias"));
        float[] logits = with(direct, winograd, () -> {
            try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
                 TrainingSession session = backend.open(network, parameters, new OptimizerSpec.Sgd(0.1, 0, false, 0),
                         3)) {
                float[] out = new float[3 * network.outputWidth()];
                session.forward(data.inputs(), 3, out);
                return out;
            }
        });
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) logits[i]).as("output %d", i)
                    .isCloseTo(expected[i], within(2e-5 * (1 + Math.abs(expected[i]))));
        }
    }

    /**
     * Checks a network's gradients against central differences of the training loss (five samples), with the
     * algorithms chosen as in {@link #with}.
     */
    static void assertGradientsMatchFiniteDifferences(String spec, boolean direct, NativeWinogradConv.Mode winograd) {
        Network network = ModelSpec.parse(spec);
        KitFixtures.Batch batch = KitFixtures.batch(network, 5, 3);
        with(direct, winograd, () -> {
            NetworkFixtures.assertGradientsMatchFiniteDifferences(network, NetworkFixtures.parameters(network, 4),
                    batch, 12, 2e-2, 3e-2);
            return null;
        });
    }
}
