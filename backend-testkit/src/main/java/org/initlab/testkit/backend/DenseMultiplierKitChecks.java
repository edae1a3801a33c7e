package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.FINITE_DIFFERENCE_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.assertClose;

import java.util.List;
import java.util.Map;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.api.Test;

/**
 * The kit's checks of dense layers with an input multiplier, {@code y = W (c x) + b} (what the NTK and muP
 * parametrizations build): logits and gradients against the reference, the reference against finite
 * differences and against a plain network whose weights absorb {@code c} (the bias does not), and three
 * optimizer steps of SGD with momentum and of Adam (the multiplier is a constant, not a parameter).
 */
public interface DenseMultiplierKitChecks extends KitChecks {

    /** @return {@code 6 -> 9 (c = 0.5), tanh, 9 -> 7 (c = 1/3), relu, 7 -> 3 (c = 2.5)} */
    static Network scaledDenseNetwork() {
        return new Network(6, List.of(new DenseLayer(6, 9, 0.5), new ActivationLayer(Activation.TANH),
                new DenseLayer(9, 7, 1.0 / 3), new ActivationLayer(Activation.RELU), new DenseLayer(7, 3, 2.5)),
                "dense layers with input multipliers 0.5, 1/3, 2.5");
    }

    /**
     * The reference's semantics: the network equals a plain one whose weights are multiplied by {@code c}
     * (biases unchanged), and differs from the same parameters without multipliers.
     */
    @Test
    default void referenceDenseMultiplierScalesTheInputNotTheBias() {
        Network scaled = scaledDenseNetwork();
        Network plain = new Network(6, scaled.layers().stream().map(l -> l instanceof DenseLayer d
                ? (org.initlab.core.model.Layer) new DenseLayer(d.inputs(), d.outputs()) : l).toList(), "plain");
        ParameterSet parameters = KitFixtures.parameters(scaled, 511);
        Batch batch = KitFixtures.batch(scaled, 5, 512);
        double[] expected = new ReferenceNetwork(scaled, parameters).logits(batch.inputs(), 5);
        double[] folded = new ReferenceNetwork(plain, folded(scaled, parameters)).logits(batch.inputs(), 5);
        for (int k = 0; k < expected.length; k++) {
            assertThat(expected[k]).as("logit %d", k).isCloseTo(folded[k], within(1e-6 * (1 + Math.abs(folded[k]))));
        }
        double[] unscaled = new ReferenceNetwork(plain, parameters).logits(batch.inputs(), 5);
        assertThat(Math.abs(unscaled[0] - expected[0])).as("the multipliers change the logits").isGreaterThan(1e-3);
    }

    /** Logits, evaluation loss and gradients of the backend against the reference, which matches finite differences. */
    @Test
    default void denseMultiplierForwardAndGradientsMatchReference() {
        Network network = scaledDenseNetwork();
        ParameterSet parameters = KitFixtures.parameters(network, 521);
        Batch batch = KitFixtures.batch(network, 5, 522);
        assertForwardMatchesReference(network, parameters, batch);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        Map<String, double[]> analytic = reference.gradients(batch.inputs(), batch.labels(), 5);
        Map<String, double[]> numeric = reference.finiteDifferences(batch.inputs(), batch.labels(), 5, 1e-6);
        try (TrainingSession session = backendUnderTest().open(network, parameters, KitFixtures.PLAIN_SGD, 5)) {
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 5);
            assertClose("gradient", gradients, analytic, FORWARD_TOLERANCE);
            assertClose("gradient against finite differences", gradients, numeric, FINITE_DIFFERENCE_TOLERANCE);
        }
    }

    /** Three steps of SGD with momentum and of Adam follow the reference optimizer. */
    @Test
    default void denseMultiplierOptimizerStepsMatchReference() {
        assertOptimizerStepsMatchReference(scaledDenseNetwork(), List.of(
                OptimizerSpec.parse("sgd(lr=0.1, momentum=0.9, weight_decay=0.01)"), OptimizerSpec.parse("adam(lr=0.01)")),
                531, (what, actual, expected) -> assertClose(what, actual, expected, FORWARD_TOLERANCE));
    }

    private static ParameterSet folded(Network network, ParameterSet parameters) {
        return KitFixtures.parametersOf(network, parameters.tensors().stream().map(t -> scaledIfWeight(network, t))
                .toArray(float[][]::new));
    }

    private static float[] scaledIfWeight(Network network, ParameterTensor t) {
        String path = t.spec().path();
        float[] v = t.values().clone();
        if (path.endsWith(".weight")) {
            int layer = Integer.parseInt(path.substring(0, path.indexOf('.')));
            double c = ((DenseLayer) network.layers().get(layer)).inputMultiplier();
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (v[k] * c);
            }
        }
        return v;
    }
}
