package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch normalization's running statistics after several training steps against values computed by hand in
 * double (PyTorch's update with the unbiased batch variance), and evaluation passes that use them.
 */
class BatchNormTest {
    private static final int STEPS = 4;
    private static final int BATCH = 6;

    /** BN first, so its input is the raw batch; then a dense layer to logits. */
    private static Network network(boolean spatial) {
        FeatureShape shape = spatial ? FeatureShape.map(3, 2, 3) : FeatureShape.flat(5);
        BatchNormLayer bn = new BatchNormLayer(shape.channels(), 1e-5, 0.3);
        List<Layer> layers = spatial ? List.of(bn, new FlattenLayer(), new DenseLayer(18, 4))
                : List.of(bn, new DenseLayer(5, 4));
        return new Network(shape, layers, spatial ? "bn2d" : "bn1d");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void runningStatisticsFollowPyTorchsUpdateAndEvaluationUsesThem(boolean spatial) {
        Network network = network(spatial);
        FeatureShape shape = network.inputShape();
        int channels = shape.channels();
        int plane = shape.height() * shape.width();
        double[] runningMean = new double[channels];
        double[] runningVar = new double[channels];
        java.util.Arrays.fill(runningVar, 1);
        ParameterSet initial = NetworkFixtures.parameters(network, 9);
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
             NativeTrainingSession session = (NativeTrainingSession) backend.open(network, initial,
                     new OptimizerSpec.Sgd(0.05, 0.9, false, 0), BATCH, 1)) {
            for (int step = 0; step < STEPS; step++) {
                KitFixtures.Batch batch = KitFixtures.batch(network, BATCH, 40 + step);
                int m = BATCH * plane;
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int b = 0; b < BATCH; b++) {
                        for (int p = 0; p < plane; p++) {
                            sum += batch.inputs()[b * shape.size() + c * plane + p];
                        }
                    }
                    double mean = sum / m;
                    double squares = 0;
                    for (int b = 0; b < BATCH; b++) {
                        for (int p = 0; p < plane; p++) {
                            double d = batch.inputs()[b * shape.size() + c * plane + p] - mean;
                            squares += d * d;
                        }
                    }
                    runningMean[c] = 0.7 * runningMean[c] + 0.3 * mean;
                    runningVar[c] = 0.7 * runningVar[c] + 0.3 * squares / (m - 1);
                }
                session.trainStep(batch.inputs(), batch.labels(), BATCH);
            }
            NativeBatchNorm bn = (NativeBatchNorm) session.layer(0);
            for (int c = 0; c < channels; c++) {
                assertThat((double) bn.runningMean()[c]).as("running mean %d", c)
                        .isCloseTo(runningMean[c], within(1e-6));
                assertThat((double) bn.runningVariance()[c]).as("running variance %d", c)
                        .isCloseTo(runningVar[c], within(1e-6 * runningVar[c]));
            }
            // evaluation: (x - running_mean) / sqrt(running_var + eps) * weight + bias, then the dense layer
            ParameterSet trained = session.parameters();
            float[] gamma = trained.values("0.weight");
            float[] beta = trained.values("0.bias");
            String dense = spatial ? "2" : "1";
            float[] w = trained.values(dense + ".weight");
            float[] d = trained.values(dense + ".bias");
            KitFixtures.Batch probe = KitFixtures.batch(network, 3, 77);
            float[] logits = new float[3 * 4];
            session.forward(probe.inputs(), 3, logits);
            for (int b = 0; b < 3; b++) {
                for (int o = 0; o < 4; o++) {
                    double z = d[o];
                    for (int i = 0; i < shape.size(); i++) {
                        int c = i / plane;
                        double normalized = (probe.inputs()[b * shape.size() + i] - runningMean[c])
                                / Math.sqrt(runningVar[c] + 1e-5) * gamma[c] + beta[c];
                        z += normalized * w[o * shape.size() + i];
                    }
                    assertThat((double) logits[b * 4 + o]).as("logit %d of sample %d", o, b)
                            .isCloseTo(z, within(1e-4 * (1 + Math.abs(z))));
                }
            }
            // evaluation leaves the statistics alone
            float[] before = bn.runningMean();
            session.forward(probe.inputs(), 3, logits);
            assertThat(bn.runningMean()).containsExactly(before);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void trainingOnOneValuePerChannelIsRefusedAsInPyTorch(boolean spatial) {
        Network network = spatial ? new Network(FeatureShape.map(2, 1, 1), List.of(BatchNormLayer.of(2),
                new FlattenLayer(), new DenseLayer(2, 2)), "bn2d 1x1") : network(false);
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(1))) {
            var session = backend.open(network, NetworkFixtures.parameters(network, 1),
                    new OptimizerSpec.Sgd(0.1, 0, false, 0), 4);
            KitFixtures.Batch one = KitFixtures.batch(network, 1, 2);
            assertThatThrownBy(() -> session.trainStep(one.inputs(), one.labels(), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than one value");
            float[] logits = new float[network.outputWidth()];
            session.forward(one.inputs(), 1, logits); // evaluation needs no batch statistics
            assertThat(logits[0]).isFinite();
        }
    }
}
