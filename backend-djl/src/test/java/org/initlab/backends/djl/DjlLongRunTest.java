package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;

import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of steps of every kind of call: nothing fails, the loss falls, and the per-call tensors are released
 * with their call (the backend holds exactly as many live tensors after 300 steps as after the first few: the
 * parameters and the optimizer state). Native memory itself is not measured.
 */
class DjlLongRunTest {

    @Test
    void threeHundredStepsRunAndTheLossFalls() {
        Network network = ModelSpec.parse("mlp:20-32-16-4:gelu");
        Batch[] batches = new Batch[8];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = separable(network, 16, i);
        }
        try (DjlBackend backend = (DjlBackend) new DjlBackendProvider().create(new BackendOptions(2));
             TrainingSession session = backend.open(network, KitFixtures.parameters(network, 5),
                     new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 1e-4), 16)) {
            BatchEvaluation before = evaluate(session, batches);
            float[] logits = new float[16 * 4];
            int live = -1;
            for (int step = 0; step < 300; step++) {
                if (step == 3) {
                    live = backend.liveTensors();
                    assertThat(live).as("parameters, first and second moments").isEqualTo(6 * 3);
                }
                Batch b = batches[step % batches.length];
                assertThat(session.trainStep(b.inputs(), b.labels(), b.size())).isFinite();
                if (step % 10 == 0) {
                    session.forward(b.inputs(), b.size(), logits);
                    ParameterSet gradients = session.gradients(b.inputs(), b.labels(), b.size());
                    assertThat(gradients.paths()).hasSize(6);
                    assertThat(session.parameters().paths()).hasSize(6);
                }
            }
            assertThat(backend.liveTensors()).isEqualTo(live);
            BatchEvaluation after = evaluate(session, batches);
            assertThat(after.meanLoss()).isLessThan(before.meanLoss() / 2);
            assertThat(after.accuracy()).isGreaterThan(0.9);
        }
    }

    private static BatchEvaluation evaluate(TrainingSession session, Batch[] batches) {
        BatchEvaluation total = new BatchEvaluation(0, 0, 0);
        for (Batch b : batches) {
            total = total.plus(session.evaluate(b.inputs(), b.labels(), b.size()));
        }
        return total;
    }

    /** Gaussian inputs whose class is told by which of the first four features is largest. */
    private static Batch separable(Network network, int size, long seed) {
        Batch random = KitFixtures.batch(network, size, 1000 + seed);
        float[] inputs = random.inputs();
        int[] labels = new int[size];
        int width = network.inputWidth();
        for (int b = 0; b < size; b++) {
            int best = 0;
            for (int c = 1; c < 4; c++) {
                if (inputs[b * width + c] > inputs[b * width + best]) {
                    best = c;
                }
            }
            labels[b] = best;
        }
        return new Batch(inputs, labels, size);
    }
}
