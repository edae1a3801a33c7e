package org.initlab.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

/** The host network's layer and RMS normalization, global average pooling and the newer activations. */
class HostNormalizationLayersTest {
    private static final int BATCH = 4;
    private static final int[] LABELS = {0, 2, 1, 2};
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    /** LayerNorm over [C, H, W] and over features, RMSNorm over a map and features, GAP, silu, gelu_tanh, mish. */
    private static Network network() {
        return new Network(FeatureShape.map(2, 5, 5), List.of(
                new Conv2dLayer(2, 3, 3, 1, 1, 1), LayerNormLayer.of(FeatureShape.map(3, 5, 5)),
                new ActivationLayer(Activation.SILU),
                new Conv2dLayer(3, 4, 2, 1, 0, 1), new RmsNormLayer(FeatureShape.map(4, 4, 4), 1e-3),
                new ActivationLayer(Activation.MISH), new GlobalAvgPool2dLayer(), new FlattenLayer(),
                new DenseLayer(4, 6), new LayerNormLayer(FeatureShape.flat(6), 1e-2),
                new ActivationLayer(Activation.GELU_TANH), new DenseLayer(6, 5), RmsNormLayer.of(FeatureShape.flat(5)),
                new ActivationLayer(Activation.GELU), new DenseLayer(5, 3)), "normalizations");
    }

    private ParameterSet parameters(Network network) {
        ParameterSet params = InitializationPlan.of(registry.resolve("xavier-normal"),
                registry.resolve("normal(std=0.1)")).materialize(network, 3);
        SeededRandom random = SeededRandom.of(11);
        for (ParameterTensor t : params.tensors()) {
            if (t.spec().layerKind() == LayerKind.NORMALIZATION) {
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
        Network network = network();
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(BATCH, network.inputWidth());
        Map<String, double[]> analytic = HostChecks.analyticGradients(host, params, x, BATCH, LABELS);
        assertThat(analytic.keySet()).containsExactlyInAnyOrderElementsOf(params.paths())
                .contains("1.weight", "1.bias", "4.weight", "12.weight").doesNotContain("4.bias", "12.bias");
        HostChecks.assertGradientsMatch(host, params, x, BATCH, LABELS, analytic, 1e-3, 1e-3);
    }


    @Test
    void layerNormGivesEachSampleZeroMeanAndUnitVarianceAndRmsNormUnitRootMeanSquare() {
        for (String spec : List.of("cnn:2x4x4-c3k3p1-ln-4:identity", "cnn:2x4x4-c3k3p1-rms-4:identity")) {
            Network network = ModelSpec.parse(spec);
            ParameterSet params = InitializationPlan.of(registry.resolve("he-normal"), registry.resolve("normal"))
                    .materialize(network, 5);
            HostNetwork host = new HostNetwork(network);
            double[] y = host.forward(params::values, HostChecks.inputs(3, network.inputWidth()), 3).layerOutput(1);
            int n = 3 * 4 * 4;
            for (int b = 0; b < 3; b++) {
                double sum = 0;
                double squares = 0;
                for (int k = 0; k < n; k++) {
                    sum += y[b * n + k];
                    squares += y[b * n + k] * y[b * n + k];
                }
                if (spec.contains("-ln-")) {
                    assertThat(sum / n).as("%s sample %d mean", spec, b).isCloseTo(0, within(1e-12));
                    assertThat(squares / n).as("%s sample %d variance", spec, b).isCloseTo(1, within(1e-4));
                } else {
                    assertThat(squares / n).as("%s sample %d mean square", spec, b).isCloseTo(1, within(1e-5));
                    assertThat(Math.abs(sum / n)).as("%s sample %d is not centred", spec, b).isGreaterThan(1e-3);
                }
            }
        }
    }

    @Test
    void globalAveragePoolingTakesEachChannelsMean() {
        Network network = ModelSpec.parse("cnn:2x2x3-gap-2");
        ParameterSet params = parameters(network);
        float[] x = {1, 2, 3, 4, 5, 6, -1, -2, -3, 0, 0, 12};
        assertThat(new HostNetwork(network).forward(params::values, x, 1).layerOutput(0))
                .containsExactly(3.5, 1.0);
    }

    @Test
    void stagesNameTheNormalizationAndPoolingTheyContain() {
        HostNetwork host = new HostNetwork(network());
        assertThat(host.stages()).extracting(Stage::description).containsExactly("conv3x3 2->3 p1 + ln",
                "conv2x2 3->4 + rms + gap", "dense 4->6 + ln", "dense 6->5 + rms", "dense 5->3");
        assertThat(host.stages()).extracting(Stage::activation).containsExactly(Activation.SILU, Activation.MISH,
                Activation.GELU_TANH, Activation.GELU, Activation.IDENTITY);
    }
}
