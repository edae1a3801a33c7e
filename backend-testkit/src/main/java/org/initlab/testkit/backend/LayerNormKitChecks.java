package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.BATCH_NORM_GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FINITE_DIFFERENCE_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.LOSS_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.assertClose;
import static org.initlab.testkit.backend.KitFixtures.assertGradientsClose;

import java.util.Map;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's checks of the per-sample layers ({@link KitFixtures#layerNormNetworks()}: layer normalization over
 * a dense layer's features and over a convolution's {@code [C, H, W]}, RMS normalization, global average
 * pooling): logits against the reference, gradients against its backpropagation and against finite
 * differences, and optimizer steps (SGD with momentum and Adam) against the reference optimizer.
 */
public interface LayerNormKitChecks extends KitChecks {

    /** Logits and the evaluation loss sum against the double-precision reference. */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitFixtures#layerNormNetworks")
    default void layerNormForwardMatchesReference(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 411);
        Batch batch = KitFixtures.batch(network, 5, 412);
        assertForwardMatchesReference(network, parameters, batch);
    }

    /**
     * Gradients of every parameter (normalization weights and biases included) against the reference's
     * backpropagation, which must itself match central finite differences of its loss.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitFixtures#layerNormNetworks")
    default void layerNormGradientsMatchFiniteDifferences(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 421);
        Batch batch = KitFixtures.batch(network, 4, 422);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        Map<String, double[]> analytic = reference.gradients(batch.inputs(), batch.labels(), 4);
        assertGradientsClose("reference gradient", toParameters(network, analytic),
                reference.finiteDifferences(batch.inputs(), batch.labels(), 4, 1e-6), FINITE_DIFFERENCE_TOLERANCE);
        try (TrainingSession session = backendUnderTest().open(network, parameters, KitFixtures.PLAIN_SGD, 4)) {
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 4);
            assertGradientsClose("gradient", gradients, analytic, BATCH_NORM_GRADIENT_TOLERANCE);
            assertGradientsClose("gradient", gradients,
                    reference.finiteDifferences(batch.inputs(), batch.labels(), 4, 1e-6), FINITE_DIFFERENCE_TOLERANCE);
        }
    }

    /**
     * Three steps of SGD with momentum and of Adam: the backend's gradients match the reference's at the
     * backend's current parameters, its losses match, and its parameters move as the reference optimizer moves
     * them with those gradients.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitFixtures#layerNormNetworks")
    default void layerNormOptimizerStepsMatchReference(Network network) {
        for (OptimizerSpec optimizer : new OptimizerSpec[] {new OptimizerSpec.Sgd(0.1, 0.9, true, 0.01),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0)}) {
            ParameterSet parameters = KitFixtures.parameters(network, 431);
            ReferenceOptimizer expected = new ReferenceOptimizer(optimizer, parameters);
            try (TrainingSession session = backendUnderTest().open(network, parameters, optimizer, 4)) {
                for (int step = 0; step < 3; step++) {
                    Batch batch = KitFixtures.batch(network, 4, 432 + step);
                    ReferenceNetwork current = new ReferenceNetwork(network, session.parameters());
                    ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 4);
                    assertGradientsClose(optimizer.spec() + " gradient before step " + (step + 1), gradients,
                            current.gradients(batch.inputs(), batch.labels(), 4), BATCH_NORM_GRADIENT_TOLERANCE);
                    double loss = current.meanLoss(batch.inputs(), batch.labels(), 4);
                    assertThat(session.trainStep(batch.inputs(), batch.labels(), 4))
                            .as("%s loss of step %d", optimizer.spec(), step + 1)
                            .isCloseTo(loss, within(LOSS_TOLERANCE * (1 + loss)));
                    expected.step(gradients);
                    assertClose(optimizer.spec() + " parameters after step " + (step + 1), session.parameters(),
                            expected.parameters(), LOSS_TOLERANCE);
                }
            }
        }
    }

    private static ParameterSet toParameters(Network network, Map<String, double[]> values) {
        return KitFixtures.parametersOf(network, values.values().stream().map(v -> {
            float[] f = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                f[k] = (float) v[k];
            }
            return f;
        }).toArray(float[][]::new));
    }
}
