package org.initlab.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

class HostNetworkLayersTest {
    private static final int BATCH = 5;
    private static final int[] LABELS = {0, 2, 1, 2, 0};
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    /** Every layer kind: grouped strided padded conv, BN2d, max and average pooling, flatten, BN1d, dropout. */
    private static Network everyLayerKind() {
        return new Network(FeatureShape.map(2, 8, 8), List.of(
                new Conv2dLayer(2, 4, 3, 2, 1, 2), BatchNormLayer.of(4), new ActivationLayer(Activation.TANH),
                new MaxPool2dLayer(2, 1),
                new Conv2dLayer(4, 6, 2, 1, 1, 1), new ActivationLayer(Activation.ELU), new AvgPool2dLayer(2, 2),
                new FlattenLayer(), new DenseLayer(24, 5), BatchNormLayer.of(5), new ActivationLayer(Activation.TANH),
                new DropoutLayer(0.5), new DenseLayer(5, 3)), "every layer kind");
    }

    private ParameterSet parameters(Network network) {
        ParameterSet params = InitializationPlan.of(registry.resolve("xavier-normal"),
                registry.resolve("normal(std=0.1)")).materialize(network, 3);
        SeededRandom random = SeededRandom.of(11);
        for (ParameterTensor t : params.tensors()) {
            if (t.spec().layerKind() == org.initlab.spi.LayerKind.NORMALIZATION) {
                float[] v = t.values();
                for (int k = 0; k < v.length; k++) {
                    v[k] += (float) (0.3 * random.nextGaussian());
                }
            }
        }
        return params;
    }


    @Test
    void everyParameterGradientMatchesCentralFiniteDifferences() {
        Network network = everyLayerKind();
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(BATCH, network.inputWidth());
        Map<String, double[]> analytic = HostChecks.analyticGradients(host, params, x, BATCH, LABELS);
        assertThat(analytic.keySet()).containsExactlyInAnyOrderElementsOf(params.paths());
        HostChecks.assertGradientsMatch(host, params, x, BATCH, LABELS, analytic, 1e-4, 1e-4);
    }


    @Test
    void stagesGroupEachWeightedLayerWithTheLayersUpToTheNext() {
        HostNetwork host = new HostNetwork(everyLayerKind());
        assertThat(host.stages()).extracting(Stage::weightPath).containsExactly("0.weight", "4.weight", "8.weight",
                "12.weight");
        assertThat(host.stages()).extracting(Stage::description).containsExactly(
                "conv3x3 2->4 s2 p1 g2 + bn + maxpool2s1", "conv2x2 4->6 p1 + avgpool2", "dense 24->5 + bn + dropout0.5",
                "dense 5->3");
        assertThat(host.stages()).extracting(Stage::units).containsExactly(4, 6, 5, 3);
        assertThat(host.stages()).extracting(Stage::fanIn).containsExactly(9, 16, 24, 5);
        assertThat(host.stages()).extracting(Stage::activation).containsExactly(Activation.TANH, Activation.ELU,
                Activation.TANH, Activation.IDENTITY);
        assertThat(host.stages().get(1).preActivationShape()).isEqualTo(FeatureShape.map(6, 4, 4));
        assertThat(host.stages().get(1).outputShape()).isEqualTo(FeatureShape.flat(24));
        assertThat(host.stages().get(1).endLayer()).isEqualTo(8);
    }

    @Test
    void stageGradientsAreTheParameterGradientsAndTheGradientOfTheStageOutput() {
        Network network = everyLayerKind();
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(BATCH, network.inputWidth());
        HostTrace trace = host.forward(params::values, x, BATCH);
        Map<String, double[]> byPath = new HashMap<>();
        Map<Integer, double[]> outputGradients = new HashMap<>();
        host.backward(trace, params::values, LABELS, (s, dx, dw, db) -> {
            Stage stage = host.stages().get(s);
            assertThat(dw).isSameAs(byPath.get(stage.weightPath())).hasSize(stage.weightCount());
            assertThat(db).isSameAs(byPath.get(stage.biasPath())).hasSize(stage.units());
            assertThat(dx).hasSize(BATCH * stage.outputShape().size());
            outputGradients.put(s, dx);
        }, byPath::put);
        assertThat(outputGradients).containsOnlyKeys(0, 1, 2, 3);
        // the stage output gradient of the last stage is dL/dlogits: each row sums to 0
        double[] dLogits = outputGradients.get(3);
        for (int b = 0; b < BATCH; b++) {
            assertThat(dLogits[3 * b] + dLogits[3 * b + 1] + dLogits[3 * b + 2]).isCloseTo(0, within(1e-15));
        }
    }

    @Test
    void convolutionMatchesTheDefinitionForStridesPaddingAndGroups() {
        for (Conv2dLayer conv : List.of(new Conv2dLayer(2, 4, 3, 1, 0, 1), new Conv2dLayer(4, 6, 3, 2, 1, 2),
                new Conv2dLayer(3, 3, 4, 3, 2, 3), new Conv2dLayer(2, 2, 5, 2, 4, 1))) {
            FeatureShape in = FeatureShape.map(conv.inChannels(), 9, 7);
            FeatureShape out = conv.outputShape(in);
            Network network = new Network(in, List.of(conv, new FlattenLayer(), new DenseLayer(out.size(), 2)),
                    "conv");
            ParameterSet params = parameters(network);
            float[] x = HostChecks.inputs(3, in.size());
            double[] z = new HostNetwork(network).preActivations(params::values, x, 3, 0);
            float[] w = params.values("0.weight");
            float[] bias = params.values("0.bias");
            int inPerGroup = conv.inChannels() / conv.groups();
            int outPerGroup = conv.outChannels() / conv.groups();
            int k = conv.kernel();
            for (int b = 0; b < 3; b++) {
                for (int o = 0; o < out.channels(); o++) {
                    for (int i = 0; i < out.height(); i++) {
                        for (int j = 0; j < out.width(); j++) {
                            double expected = bias[o];
                            for (int cc = 0; cc < inPerGroup; cc++) {
                                int c = o / outPerGroup * inPerGroup + cc;
                                for (int u = 0; u < k; u++) {
                                    for (int v = 0; v < k; v++) {
                                        int y = i * conv.stride() + u - conv.padding();
                                        int xx = j * conv.stride() + v - conv.padding();
                                        if (y >= 0 && y < in.height() && xx >= 0 && xx < in.width()) {
                                            expected += (double) w[((o * inPerGroup + cc) * k + u) * k + v]
                                                    * x[b * in.size() + (c * in.height() + y) * in.width() + xx];
                                        }
                                    }
                                }
                            }
                            assertThat(z[b * out.size() + (o * out.height() + i) * out.width() + j])
                                    .as("%s (%d,%d,%d,%d)", conv, b, o, i, j).isCloseTo(expected, within(1e-12));
                        }
                    }
                }
            }
        }
    }

    @Test
    void poolingTakesTheWindowMaximumOrMean() {
        FeatureShape in = FeatureShape.map(1, 3, 4);
        float[] x = {1, 5, 2, 0, 3, 4, 9, 8, -1, 7, 6, 2};
        for (boolean max : new boolean[] {true, false}) {
            Network network = new Network(in, List.of(max ? new MaxPool2dLayer(2, 1) : new AvgPool2dLayer(2, 1),
                    new FlattenLayer(), new DenseLayer(6, 2)), "pool");
            ParameterSet params = parameters(network);
            double[] pooled = new HostNetwork(network).forward(params::values, x, 1).layerOutput(0);
            assertThat(pooled).containsExactly(max ? new double[] {5, 9, 9, 7, 9, 9}
                    : new double[] {13 / 4.0, 20 / 4.0, 19 / 4.0, 13 / 4.0, 26 / 4.0, 25 / 4.0});
        }
    }

    @Test
    void batchNormalizationUsesTheBatchStatisticsPerChannel() {
        Network network = new Network(FeatureShape.map(3, 4, 4), List.of(BatchNormLayer.of(3), new FlattenLayer(),
                new DenseLayer(48, 2)), "bn");
        ParameterSet params = InitializationPlan.of(registry.resolve("xavier-normal"), registry.resolve("zeros"))
                .materialize(network, 0);
        float[] x = HostChecks.inputs(6, 48);
        for (int k = 0; k < x.length; k++) {
            x[k] = 3 * x[k] + 5;
        }
        double[] y = new HostNetwork(network).forward(params::values, x, 6).layerOutput(0);
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double squares = 0;
            for (int b = 0; b < 6; b++) {
                for (int p = 0; p < 16; p++) {
                    double v = y[(b * 3 + c) * 16 + p];
                    sum += v;
                    squares += v * v;
                }
            }
            assertThat(sum / 96).isCloseTo(0, within(1e-12));
            assertThat(squares / 96).isCloseTo(1, within(1e-4));
        }
    }

    @Test
    void aSampleGivesTheSameBitsAloneAsInALargeParallelBatch() {
        Network network = ModelSpec.parse("cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu");
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(64, 784);
        HostTrace trace = host.forward(params::values, x, 64);
        HostTrace single = host.forward(params::values, java.util.Arrays.copyOfRange(x, 784 * 5, 784 * 6), 1);
        for (int s = 0; s < host.stages().size(); s++) {
            int width = host.stages().get(s).preActivationShape().size();
            assertThat(single.preActivation(s)).containsExactly(
                    java.util.Arrays.copyOfRange(trace.preActivation(s), 5 * width, 6 * width));
        }
        assertThat(host.preActivations(params::values, x, 64, 1)).containsExactly(trace.preActivation(1));
    }
}
