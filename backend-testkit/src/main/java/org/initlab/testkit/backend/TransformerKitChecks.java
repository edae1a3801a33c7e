package org.initlab.testkit.backend;

import static org.initlab.testkit.backend.KitFixtures.BATCH_NORM_GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.GRADIENT_TOLERANCE;

import java.util.List;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
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
        assertGradientsMatchReference(network, KitFixtures.parameters(network, 621), KitFixtures.batch(network, 3,
                622), gradientTolerance(network), false);
    }

    /**
     * Three steps of SGD with momentum and weight decay and of Adam: the backend's gradients match the reference's
     * at the backend's current parameters, its losses match, and its parameters move as the reference optimizer
     * moves them with those gradients.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.TransformerFixtures#transformerNetworks")
    default void transformerOptimizerStepsMatchReference(Network network) {
        assertOptimizerStepsMatchReference(network, List.of(new OptimizerSpec.Sgd(0.1, 0.9, true, 0.01),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0)), 631, GradientCheck.gradientsClose(
                gradientTolerance(network)));
    }

    /** Two sessions on two backends train bit-identically with Adam, batch sizes changing from step to step. */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.TransformerFixtures#transformerNetworks")
    default void transformerTrainingIsDeterministic(Network network) {
        assertTrainingIsDeterministic(network, 641);
    }

    private static double gradientTolerance(Network network) {
        return TransformerFixtures.normalized(network) ? BATCH_NORM_GRADIENT_TOLERANCE : GRADIENT_TOLERANCE;
    }

}
