package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;

import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

class NativeTrainingTest {
    private static final int SAMPLES = 512;
    private static final int FEATURES = 8;
    private static final int CLASSES = 4;

    /** Four Gaussian clusters with well separated centres; the label is the cluster. */
    private static float[] clusters(int[] labels) {
        SeededRandom random = SeededRandom.of(3);
        float[][] centres = new float[CLASSES][FEATURES];
        for (int c = 0; c < CLASSES; c++) {
            centres[c][c] = 3;
            centres[c][c + CLASSES] = -3;
        }
        float[] inputs = new float[SAMPLES * FEATURES];
        for (int s = 0; s < SAMPLES; s++) {
            labels[s] = random.nextInt(CLASSES);
            for (int f = 0; f < FEATURES; f++) {
                inputs[s * FEATURES + f] = centres[labels[s]][f] + (float) random.nextGaussian();
            }
        }
        return inputs;
    }

    @Test
    void trainingOnSeparableClustersDrivesTheLossDownAndAccuracyUp() {
        Network network = ModelSpec.parse("mlp:8-16-4:relu");
        int[] labels = new int[SAMPLES];
        float[] inputs = clusters(labels);
        int batch = 32;
        float[] batchInputs = new float[batch * FEATURES];
        int[] batchLabels = new int[batch];
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
             TrainingSession session = backend.open(network, KitFixtures.parameters(network, 5),
                     new OptimizerSpec.Sgd(0.05, 0.9, false, 0), SAMPLES)) {
            BatchEvaluation before = session.evaluate(inputs, labels, SAMPLES);
            for (int epoch = 0; epoch < 5; epoch++) {
                for (int start = 0; start < SAMPLES; start += batch) {
                    System.arraycopy(inputs, start * FEATURES, batchInputs, 0, batch * FEATURES);
                    System.arraycopy(labels, start, batchLabels, 0, batch);
                    assertThat(session.trainStep(batchInputs, batchLabels, batch)).isFinite();
                }
            }
            BatchEvaluation after = session.evaluate(inputs, labels, SAMPLES);
            assertThat(after.meanLoss()).isLessThan(0.2 * before.meanLoss()).isLessThan(0.2);
            assertThat(after.accuracy()).isGreaterThan(0.95);
        }
    }
}
