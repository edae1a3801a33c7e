package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.BATCH_NORM_GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FINITE_DIFFERENCE_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.LOSS_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.assertClose;
import static org.initlab.testkit.backend.KitFixtures.assertGradientsClose;
import static org.initlab.testkit.backend.KitFixtures.assertSameValuesInOrder;

import java.util.Map;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's checks of the vision transformer layers ({@link TransformerFixtures#transformerNetworks()}: patch
 * embedding, class token, positional embedding, transformer blocks in pre-LN, post-LN and no-norm form, with and
 * without the causal mask, with a DeepNorm shortcut multiplier, class-token and mean pooling): logits and the
 * evaluation loss against the double-precision reference ({@link ReferenceTransformer}, {@link ReferenceTokens}),
 * gradients of every parameter against its backpropagation (itself checked against central finite differences),
 * three optimizer steps (SGD with momentum and Adam) against the reference optimizer, and bit-identical training
 * in two backends with changing batch sizes.
 *
 * <p>Tolerances are the kit's ({@link KitFixtures}); gradients of networks whose blocks normalize get the
 * normalization tolerance {@code 1e-3} (LayerNorm's backward pass subtracts means over the token's features),
 * those without {@code 1e-4}.
 */
public interface TransformerKitChecks extends KitChecks {

    /** Logits and the evaluation loss sum of a batch of 5 against the double-precision reference. */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.TransformerFixtures#transformerNetworks")
    default void transformerForwardMatchesReference(Network network) {
        assertForwardMatchesReference(network, KitFixtures.parameters(network, 611), KitFixtures.batch(network, 5,
                612));
    }

    /**
     * Gradients of every parameter (projections, norms, embeddings, patch kernel, head) against the reference's
     * backpropagation, which must itself match central finite differences of its loss, on a batch of 3 in a
     * session opened for 4.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.TransformerFixtures#transformerNetworks")
    default void transformerGradientsMatchReference(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 621);
        Batch batch = KitFixtures.batch(network, 3, 622);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        Map<String, double[]> analytic = reference.gradients(batch.inputs(), batch.labels(), 3);
        assertGradientsClose("reference gradient", toParameters(network, analytic),
                reference.finiteDifferences(batch.inputs(), batch.labels(), 3, 1e-6), FINITE_DIFFERENCE_TOLERANCE);
        try (TrainingSession session = backendUnderTest().open(network, parameters, KitFixtures.PLAIN_SGD, 4)) {
            assertGradientsClose("gradient", session.gradients(batch.inputs(), batch.labels(), 3), analytic,
                    gradientTolerance(network));
        }
    }

    /**
     * Three steps of SGD with momentum and weight decay and of Adam: the backend's gradients match the reference's
     * at the backend's current parameters, its losses match, and its parameters move as the reference optimizer
     * moves them with those gradients.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.TransformerFixtures#transformerNetworks")
    default void transformerOptimizerStepsMatchReference(Network network) {
        for (OptimizerSpec optimizer : new OptimizerSpec[] {new OptimizerSpec.Sgd(0.1, 0.9, true, 0.01),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0)}) {
            ParameterSet parameters = KitFixtures.parameters(network, 631);
            ReferenceOptimizer expected = new ReferenceOptimizer(optimizer, parameters);
            try (TrainingSession session = backendUnderTest().open(network, parameters, optimizer, 4)) {
                for (int step = 0; step < 3; step++) {
                    Batch batch = KitFixtures.batch(network, 4, 632 + step);
                    ReferenceNetwork current = new ReferenceNetwork(network, session.parameters());
                    ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 4);
                    assertGradientsClose(optimizer.spec() + " gradient before step " + (step + 1), gradients,
                            current.gradients(batch.inputs(), batch.labels(), 4), gradientTolerance(network));
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

    /** Two sessions on two backends train bit-identically with Adam, batch sizes changing from step to step. */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.TransformerFixtures#transformerNetworks")
    default void transformerTrainingIsDeterministic(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 641);
        OptimizerSpec adam = new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0);
        try (Backend other = anotherBackend();
             TrainingSession first = backendUnderTest().open(network, parameters, adam, 5);
             TrainingSession second = other.open(network, parameters, adam, 5)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 5 - step, 642 + step);
                double loss = first.trainStep(batch.inputs(), batch.labels(), batch.size());
                assertThat(second.trainStep(batch.inputs(), batch.labels(), batch.size())).isEqualTo(loss);
            }
            assertSameValuesInOrder(second.parameters(), first.parameters());
        }
    }

    private static double gradientTolerance(Network network) {
        return TransformerFixtures.normalized(network) ? BATCH_NORM_GRADIENT_TOLERANCE : GRADIENT_TOLERANCE;
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
