package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;

import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

/** Convolutional networks learn the bundled MNIST digits in a short run, with and without the Vector API. */
class CnnMnistTrainingTest {
    private static final int TRAIN = 2048;
    private static final int TEST = 512;
    private static final int BATCH = 64;

    private static float[] features(Dataset data, int count) {
        float[] out = new float[count * data.featureCount()];
        for (int i = 0; i < count; i++) {
            data.copyFeatures(i, out, i * data.featureCount());
        }
        return out;
    }

    private static int[] labels(Dataset data, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = data.label(i);
        }
        return out;
    }

    private static BatchEvaluation trainOneEpochAndTest(String spec) {
        Network network = ModelSpec.parse(spec);
        Dataset train = BundledMnist.train();
        Dataset test = BundledMnist.test();
        float[] x = features(train, TRAIN);
        int[] y = labels(train, TRAIN);
        float[] batchX = new float[BATCH * 784];
        int[] batchY = new int[BATCH];
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
             TrainingSession session = backend.open(network, NetworkFixtures.parameters(network, 1),
                     new OptimizerSpec.Sgd(0.05, 0.9, false, 0), BATCH, 7)) {
            for (int start = 0; start < TRAIN; start += BATCH) {
                System.arraycopy(x, start * 784, batchX, 0, BATCH * 784);
                System.arraycopy(y, start, batchY, 0, BATCH);
                assertThat(session.trainStep(batchX, batchY, BATCH)).isFinite();
            }
            BatchEvaluation total = new BatchEvaluation(0, 0, 0);
            float[] tx = features(test, TEST);
            int[] ty = labels(test, TEST);
            for (int start = 0; start < TEST; start += BATCH) {
                System.arraycopy(tx, start * 784, batchX, 0, BATCH * 784);
                System.arraycopy(ty, start, batchY, 0, BATCH);
                total = total.plus(session.evaluate(batchX, batchY, BATCH));
            }
            return total;
        }
    }

    @Test
    void theClassicCnnLearnsDigitsInOneShortEpoch() {
        for (boolean vector : new boolean[] {true, false}) {
            boolean previous = Kernels.useVector(vector);
            try {
                BatchEvaluation result = trainOneEpochAndTest("cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu");
                assertThat(result.accuracy()).as("test accuracy after 2,048 samples, %s", Kernels.description())
                        .isGreaterThan(0.75);
                assertThat(result.meanLoss()).isLessThan(1.0);
            } finally {
                Kernels.useVector(previous);
            }
        }
    }

    @Test
    void aNetworkWithBatchNormAndDropoutLearnsToo() {
        BatchEvaluation result = trainOneEpochAndTest("cnn:1x28x28-c8k3p1-bn-p2-c16k3-bn-p2-f32-d0.2-10");
        assertThat(result.accuracy()).as("test accuracy").isGreaterThan(0.75);
    }
}
