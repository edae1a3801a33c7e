package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Dropout masks: rate, scale, reuse in backward, identity cases and their dependence on the seed. */
class DropoutTest {

    private static NativeDropout dropout(double p, long seed, Boundary in, Boundary out) {
        return new NativeDropout(p, 3, in, out, seed, 50);
    }

    private static Boundary ones(FeatureShape shape) {
        Boundary b = new Boundary(shape, 50);
        b.needGradients(50);
        for (float[] row : b.values) {
            java.util.Arrays.fill(row, 1f);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.3, 0.5, 0.9})
    void aFractionPOfValuesIsZeroedAndTheRestScaledByOneOverOneMinusP(double p) {
        FeatureShape shape = FeatureShape.map(4, 10, 10);
        Boundary in = ones(shape);
        Boundary out = ones(shape);
        NativeDropout layer = dropout(p, 5, in, out);
        layer.beforeForward(50, NativeLayer.Mode.TRAINING);
        layer.forward(0, 0, 2, 50, true);
        layer.forward(0, 1, 2, 50, true);
        int zeros = 0;
        int n = 4 * 50 * 100;
        float scale = (float) (1 / (1 - p));
        for (float[] row : out.values) {
            for (float v : row) {
                if (v == 0) {
                    zeros++;
                } else {
                    assertThat(v).isEqualTo(scale);
                }
            }
        }
        // binomial: 5 standard deviations
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat((double) zeros).isCloseTo(n * p, within(5 * sd));
        // backward multiplies by the same mask
        for (float[] row : out.gradients) {
            java.util.Arrays.fill(row, 2f);
        }
        layer.backward(0, 0, 1, 50);
        for (int c = 0; c < 4; c++) {
            for (int j = 0; j < 50 * 100; j++) {
                assertThat(in.gradients[c][j]).isEqualTo(2 * out.values[c][j]);
            }
        }
    }

    @Test
    void evaluationAndZeroProbabilityAreTheIdentity() {
        FeatureShape shape = FeatureShape.flat(30);
        Boundary in = ones(shape);
        in.values[3][4] = 7;
        Boundary out = new Boundary(shape, 50);
        NativeDropout half = dropout(0.5, 1, in, out);
        half.beforeForward(50, NativeLayer.Mode.EVALUATION);
        half.forward(0, 0, 1, 50, false);
        assertThat(out.values).isDeepEqualTo(in.values);
        Boundary out2 = new Boundary(shape, 50);
        NativeDropout none = dropout(0, 1, in, out2);
        none.beforeForward(50, NativeLayer.Mode.TRAINING);
        none.forward(0, 0, 1, 50, true);
        assertThat(out2.values).isDeepEqualTo(in.values);
    }

    private static float[] logitsAfterTraining(Network network, ParameterSet initial, long seed, int threads) {
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(threads));
             TrainingSession session = backend.open(network, initial, new OptimizerSpec.Sgd(0.1, 0, false, 0), 16,
                     seed)) {
            for (int step = 0; step < 3; step++) {
                KitFixtures.Batch batch = KitFixtures.batch(network, 16, step);
                session.trainStep(batch.inputs(), batch.labels(), 16);
            }
            KitFixtures.Batch probe = KitFixtures.batch(network, 16, 9);
            float[] logits = new float[16 * network.outputWidth()];
            session.forward(probe.inputs(), 16, logits);
            return logits;
        }
    }

    @Test
    void masksRepeatForASeedDifferBetweenSeedsAndIgnoreTheThreadCount() {
        Network network = ModelSpec.parse("cnn:12-f20-d0.5-10:relu");
        ParameterSet initial = NetworkFixtures.parameters(network, 2);
        float[] first = logitsAfterTraining(network, initial, 42, 1);
        assertThat(logitsAfterTraining(network, initial, 42, 1)).containsExactly(first);
        assertThat(logitsAfterTraining(network, initial, 42, 3)).containsExactly(first);
        assertThat(logitsAfterTraining(network, initial, 43, 1)).isNotEqualTo(first);
        // evaluation draws no masks: two forward passes agree
        Network noDropout = ModelSpec.parse("cnn:12-f20-d0-10:relu");
        assertThat(logitsAfterTraining(noDropout, initial, 1, 2)).containsExactly(
                logitsAfterTraining(noDropout, initial, 2, 2));
    }

    @Test
    void eachTrainingPassDrawsNewMasks() {
        FeatureShape shape = FeatureShape.flat(200);
        Boundary in = ones(shape);
        Boundary out = new Boundary(shape, 50);
        NativeDropout layer = dropout(0.5, 1, in, out);
        layer.beforeForward(1, NativeLayer.Mode.TRAINING);
        layer.forward(0, 0, 1, 1, true);
        float[] first = out.values[0].clone();
        layer.beforeForward(1, NativeLayer.Mode.REPLAY);
        layer.forward(0, 0, 1, 1, true);
        assertThat(out.values[0]).containsExactly(first);
        layer.beforeForward(1, NativeLayer.Mode.TRAINING);
        layer.forward(0, 0, 1, 1, true);
        assertThat(out.values[0]).isNotEqualTo(first);
    }
}
