package org.initlab.testkit.backend;

import static org.initlab.testkit.backend.KitFixtures.BATCH_NORM_GRADIENT_TOLERANCE;

import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's checks of the per-sample layers ({@link KitNetworks#layerNormNetworks()}: layer normalization over
 * a dense layer's features and over a convolution's {@code [C, H, W]}, RMS normalization, global average
 * pooling): logits against the reference, gradients against its backpropagation and against finite
 * differences, and optimizer steps (SGD with momentum and Adam) against the reference optimizer.
 */
public interface LayerNormKitChecks extends KitChecks {

    /** Logits and the evaluation loss sum against the double-precision reference. */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitNetworks#layerNormNetworks")
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
    @MethodSource("org.initlab.testkit.backend.KitNetworks#layerNormNetworks")
    default void layerNormGradientsMatchFiniteDifferences(Network network) {
        assertGradientsMatchReference(network, KitFixtures.parameters(network, 421), KitFixtures.batch(network, 4,
                422), BATCH_NORM_GRADIENT_TOLERANCE, true);
    }

    /**
     * Three steps of SGD with momentum and of Adam: the backend's gradients match the reference's at the
     * backend's current parameters, its losses match, and its parameters move as the reference optimizer moves
     * them with those gradients.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitNetworks#layerNormNetworks")
    default void layerNormOptimizerStepsMatchReference(Network network) {
        assertOptimizerStepsMatchReference(network, List.of(new OptimizerSpec.Sgd(0.1, 0.9, true, 0.01),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0)), 431, GradientCheck.gradientsClose(
                BATCH_NORM_GRADIENT_TOLERANCE));
    }

}
