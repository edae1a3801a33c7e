package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Arrays;
import java.util.List;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dropout in training mode (seen through the gradient of a dense layer after it), evaluation mode and the
 * reproducibility of the masks from the session seed.
 */
class DjlDropoutTest {
    private static final int WIDTH = 4000;
    private static final double P = 0.3;
    private static final OptimizerSpec SGD = new OptimizerSpec.Sgd(0.1, 0, false, 0);
    private static final Network NETWORK = new Network(WIDTH, List.of(new DropoutLayer(P), new DenseLayer(WIDTH, 2)),
            "dropout then dense");
    private static final float[] ONES = ones(WIDTH);
    private static Backend backend;

    @BeforeAll
    static void createBackend() {
        backend = new DjlBackendProvider().create(new BackendOptions(2));
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    /**
     * With zero weights and biases the two logits are equal, so for label 1 the gradient of the first output's
     * weight is {@code 0.5 * h}, where {@code h = dropout(1)}: either 0 or {@code 1 / (1 - p)}.
     */
    private static float[] droppedOnes(TrainingSession session) {
        float[] g = session.gradients(ONES, new int[] {1}, 1).values("1.weight");
        float[] h = new float[WIDTH];
        for (int j = 0; j < WIDTH; j++) {
            h[j] = 2 * g[j];
        }
        return h;
    }

    @Test
    void trainingZeroesAboutAFractionPAndScalesTheRestByOneOverOneMinusP() {
        try (TrainingSession session = backend.open(NETWORK, KitFixtures.constant(NETWORK, 0f), SGD, 1, 7)) {
            float[] h = droppedOnes(session);
            int zeros = 0;
            for (float v : h) {
                if (v == 0) {
                    zeros++;
                } else {
                    assertThat(v).isCloseTo((float) (1 / (1 - P)), offset(1e-6f));
                }
            }
            double sd = Math.sqrt(P * (1 - P) / WIDTH);
            assertThat((double) zeros / WIDTH).isBetween(P - 5 * sd, P + 5 * sd);
        }
    }

    @Test
    void evaluationIsTheIdentity() {
        Network network = new Network(5, List.of(new DropoutLayer(0.9)), "dropout only");
        float[] inputs = {1, -2, 3, -4, 5, 6, 7, 8, 9, 10};
        try (TrainingSession session = backend.open(network, new ParameterSet(List.of()), SGD, 2, 1)) {
            float[] logits = new float[10];
            session.forward(inputs, 2, logits);
            assertThat(logits).containsExactly(inputs);
        }
    }

    @Test
    void theSameSeedGivesTheSameMasksWhateverRunsInBetweenAndAnotherSeedOthers() {
        ParameterSet zeros = KitFixtures.constant(NETWORK, 0f);
        try (TrainingSession a = backend.open(NETWORK, zeros, SGD, 1, 11);
             TrainingSession b = backend.open(NETWORK, zeros, SGD, 1, 11);
             TrainingSession other = backend.open(NETWORK, zeros, SGD, 1, 12)) {
            float[] a1 = droppedOnes(a);
            float[] o1 = droppedOnes(other);
            float[] a2 = droppedOnes(a);
            float[] b1 = droppedOnes(b);
            float[] b2 = droppedOnes(b);
            assertThat(b1).containsExactly(a1);
            assertThat(b2).containsExactly(a2);
            assertThat(a2).isNotEqualTo(a1);
            assertThat(o1).isNotEqualTo(a1);
        }
    }

    @Test
    void maskSeedsDifferPerPassAndStayNonNegative() {
        assertThat(DjlTrainingSession.maskSeed(0, 0)).isNotEqualTo(DjlTrainingSession.maskSeed(0, 1));
        assertThat(DjlTrainingSession.maskSeed(-1, Long.MAX_VALUE)).isNotNegative();
    }

    private static float[] ones(int n) {
        float[] x = new float[n];
        Arrays.fill(x, 1f);
        return x;
    }
}
