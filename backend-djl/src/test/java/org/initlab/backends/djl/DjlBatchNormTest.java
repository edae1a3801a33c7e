package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.initlab.testkit.backend.KitFixtures.assertClose;

import java.util.Arrays;
import java.util.List;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batch normalization against a hand computation in double precision: training mode normalizes with the
 * batch's biased variance, the running statistics follow PyTorch's rule with momentum 0.1 and the unbiased
 * variance ({@code m / (m - 1)}), and evaluation mode uses the running statistics. The networks are a lone
 * batch-norm layer (plus a flatten for maps), so the logits are its output.
 */
class DjlBatchNormTest {
    private static final OptimizerSpec SGD = new OptimizerSpec.Sgd(0.1, 0, false, 0);
    private static DjlBackend backend;

    @BeforeAll
    static void createBackend() {
        backend = (DjlBackend) new DjlBackendProvider().create(new BackendOptions(2));
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    @Test
    void flatInputTrainsOnBatchStatisticsAndUpdatesRunningStatisticsWithTheUnbiasedVariance() {
        checkAgainstHandComputation(FeatureShape.flat(4), List.of(BatchNormLayer.of(4)), 6);
    }

    @Test
    void mapsAreNormalizedPerChannelOverBatchAndPositions() {
        checkAgainstHandComputation(FeatureShape.map(3, 2, 3), List.of(BatchNormLayer.of(3), new FlattenLayer()), 2);
    }

    private static void checkAgainstHandComputation(FeatureShape shape, List<Layer> layers,
                                                    int batchSize) {
        Network network = new Network(shape, layers, "bn " + shape);
        ParameterSet parameters = CnnFixtures.parameters(network, 3);
        float[] weight = parameters.values("0.weight");
        float[] bias = parameters.values("0.bias");
        int channels = shape.channels();
        int positions = shape.height() * shape.width();
        double m = batchSize * positions;
        double[] runningMean = new double[channels];
        double[] runningVar = new double[channels];
        Arrays.fill(runningVar, 1);
        try (DjlTrainingSession session = (DjlTrainingSession) backend.open(network, parameters, SGD, batchSize)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, batchSize, 40 + step);
                float[] x = batch.inputs();
                double[][] stats = statistics(x, batchSize, channels, positions);
                double[] training = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    int c = (i / positions) % channels;
                    training[i] = (x[i] - stats[0][c]) / Math.sqrt(stats[1][c] + 1e-5) * weight[c] + bias[c];
                }
                // gradients() runs in training mode: the loss of the normalized batch is checked through the
                // bias gradient, d loss / d bias_c = sum over positions of mean_b (softmax - one_hot)
                ParameterSet gradients = session.gradients(x, batch.labels(), batchSize);
                assertClose("bias gradient of step " + step, gradients.values("0.bias"),
                        biasGradient(training, batch.labels(), batchSize, channels, positions), 1e-4);
                for (int c = 0; c < channels; c++) {
                    runningMean[c] = 0.9 * runningMean[c] + 0.1 * stats[0][c];
                    runningVar[c] = 0.9 * runningVar[c] + 0.1 * stats[1][c] * m / (m - 1);
                }
                float[][] running = session.runningStatistics(0);
                assertClose("running mean after step " + step, running[0], runningMean, 1e-5);
                assertClose("running variance after step " + step, running[1], runningVar, 1e-5);
            }
            Batch batch = KitFixtures.batch(network, batchSize, 99);
            float[] logits = new float[batch.inputs().length];
            session.forward(batch.inputs(), batchSize, logits);
            double[] expected = new double[logits.length];
            for (int i = 0; i < expected.length; i++) {
                int c = (i / positions) % channels;
                expected[i] = (batch.inputs()[i] - runningMean[c]) / Math.sqrt(runningVar[c] + 1e-5) * weight[c]
                        + bias[c];
            }
            assertClose("evaluation-mode output", logits, expected, 1e-5);
            float[][] before = session.runningStatistics(0);
            session.evaluate(batch.inputs(), batch.labels(), batchSize);
            assertThat(session.runningStatistics(0)).as("evaluation leaves the running statistics").isEqualTo(before);
        }
    }

    /** @return per channel: the batch mean and the biased batch variance */
    private static double[][] statistics(float[] x, int batchSize, int channels, int positions) {
        double[] mean = new double[channels];
        double[] var = new double[channels];
        double m = batchSize * positions;
        for (int i = 0; i < batchSize * channels * positions; i++) {
            mean[(i / positions) % channels] += x[i] / m;
        }
        for (int i = 0; i < batchSize * channels * positions; i++) {
            int c = (i / positions) % channels;
            var[c] += (x[i] - mean[c]) * (x[i] - mean[c]) / m;
        }
        return new double[][] {mean, var};
    }

    private static double[] biasGradient(double[] logits, int[] labels, int batchSize, int channels, int positions) {
        int classes = logits.length / batchSize;
        double[] gradient = new double[channels];
        for (int b = 0; b < batchSize; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[b * classes + k]);
            }
            double z = 0;
            for (int k = 0; k < classes; k++) {
                z += Math.exp(logits[b * classes + k] - max);
            }
            for (int k = 0; k < classes; k++) {
                double p = Math.exp(logits[b * classes + k] - max) / z - (k == labels[b] ? 1 : 0);
                gradient[(k / positions) % channels] += p / batchSize;
            }
        }
        return gradient;
    }

    @Test
    void runningStatisticsStartAtZeroMeanAndUnitVarianceSoEvaluationFirstOnlyScalesByEps() {
        Network network = new Network(FeatureShape.flat(3), List.of(BatchNormLayer.of(3)), "bn");
        ParameterSet parameters = KitFixtures.constant(network, 1f);
        try (TrainingSession session = backend.open(network, parameters, SGD, 2)) {
            float[] logits = new float[3];
            session.forward(new float[] {1, 2, 3}, 1, logits);
            double scale = 1 / Math.sqrt(1 + 1e-5);
            assertThat(logits[0]).isCloseTo((float) (1 * scale + 1), offset(1e-6f));
            assertThat(logits[2]).isCloseTo((float) (3 * scale + 1), offset(1e-6f));
        }
    }

    @Test
    void trainingOnASingleValuePerChannelIsRejectedWithAMessage() {
        Network network = new Network(FeatureShape.flat(3), List.of(BatchNormLayer.of(3)), "bn");
        try (TrainingSession session = backend.open(network, KitFixtures.constant(network, 1f), SGD, 2)) {
            assertThatThrownBy(() -> session.trainStep(new float[] {1, 2, 3}, new int[] {0}, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one value");
        }
    }
}
