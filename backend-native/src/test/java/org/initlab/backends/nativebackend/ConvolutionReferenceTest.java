package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Convolution forward passes against a naive double-precision convolution, with both kernel sets. */
class ConvolutionReferenceTest {

    /** PyTorch's {@code nn.Conv2d} formula, literally, in double. */
    static double[] naive(Conv2dLayer conv, FeatureShape in, float[] x, int batch, float[] w, float[] bias) {
        FeatureShape out = conv.outputShape(in);
        int k = conv.kernel();
        int perGroupIn = conv.inChannels() / conv.groups();
        int perGroupOut = conv.outChannels() / conv.groups();
        double[] y = new double[batch * out.size()];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < conv.outChannels(); o++) {
                int g = o / perGroupOut;
                for (int i = 0; i < out.height(); i++) {
                    for (int j = 0; j < out.width(); j++) {
                        double sum = bias[o];
                        for (int ci = 0; ci < perGroupIn; ci++) {
                            int c = g * perGroupIn + ci;
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int yy = i * conv.stride() + u - conv.padding();
                                    int xx = j * conv.stride() + v - conv.padding();
                                    if (yy < 0 || yy >= in.height() || xx < 0 || xx >= in.width()) {
                                        continue;
                                    }
                                    sum += (double) w[((o * perGroupIn + ci) * k + u) * k + v]
                                            * x[b * in.size() + (c * in.height() + yy) * in.width() + xx];
                                }
                            }
                        }
                        y[b * out.size() + (o * out.height() + i) * out.width() + j] = sum;
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest
    @CsvSource({
            "1, 28, 28, 16, 5, 1, 0, 1",
            "3, 9, 7, 4, 3, 2, 1, 1",
            "4, 8, 8, 6, 3, 1, 2, 2",
            "6, 11, 10, 9, 4, 3, 3, 3",
            "8, 5, 5, 8, 1, 1, 0, 8",
            "2, 20, 3, 70, 2, 1, 1, 1"})
    void convolutionMatchesTheNaiveFormula(int in, int height, int width, int out, int kernel, int stride,
                                           int padding, int groups) {
        Conv2dLayer conv = new Conv2dLayer(in, out, kernel, stride, padding, groups);
        FeatureShape shape = FeatureShape.map(in, height, width);
        Network network = new Network(shape, List.of(conv, new FlattenLayer()), conv.toString());
        ParameterSet parameters = NetworkFixtures.parameters(network, 3);
        int batch = 5;
        KitFixtures.Batch data = KitFixtures.batch(network, batch, 8);
        double[] expected = naive(conv, shape, data.inputs(), batch, parameters.values("0.weight"),
                parameters.values("0.bias"));
        for (boolean vector : new boolean[] {true, false}) {
            boolean previous = Kernels.useVector(vector);
            try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
                 TrainingSession session = backend.open(network, parameters, new OptimizerSpec.Sgd(0.1, 0, false, 0),
                         batch)) {
                float[] logits = new float[batch * network.outputWidth()];
                session.forward(data.inputs(), batch, logits);
                for (int i = 0; i < expected.length; i++) {
                    assertThat((double) logits[i]).as("%s output %d (%s)", conv, i, Kernels.description())
                            .isCloseTo(expected[i], within(2e-5 * (1 + Math.abs(expected[i]))));
                }
            } finally {
                Kernels.useVector(previous);
            }
        }
    }
}
