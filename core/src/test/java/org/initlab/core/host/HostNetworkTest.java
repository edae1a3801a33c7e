package org.initlab.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Activation;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.junit.jupiter.api.Test;

class HostNetworkTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    private ParameterSet parameters(Network network) {
        return InitializationPlan.of(registry.resolve("xavier-normal"), registry.resolve("normal(std=0.1)"))
                .materialize(network, 3);
    }


    @Test
    void gradientsMatchFiniteDifferencesForEveryActivation() {
        for (Activation activation : Activation.values()) {
            Network network = ModelSpec.parse("mlp:5-4-3-3:" + activation.specName());
            ParameterSet params = parameters(network);
            HostNetwork host = new HostNetwork(network);
            float[] x = HostChecks.inputs(4, 5);
            int[] labels = {0, 2, 1, 2};
            double[][] analytic = new double[params.tensors().size()][];
            HostTrace trace = host.forward(params::values, x, 4);
            host.backward(trace, params::values, labels, (s, da, dw, db) -> {
                analytic[2 * s] = dw;
                analytic[2 * s + 1] = db;
            });
            List<ParameterTensor> tensors = params.tensors();
            for (int t = 0; t < tensors.size(); t++) {
                float[] v = tensors.get(t).values();
                for (int k = 0; k < v.length; k++) {
                    float original = v[k];
                    double h = 1e-3;
                    v[k] = (float) (original + h);
                    double up = loss(host, params, x, labels);
                    v[k] = (float) (original - h);
                    double down = loss(host, params, x, labels);
                    double actualStep = ((double) (float) (original + h) - (float) (original - h));
                    v[k] = original;
                    assertThat(analytic[t][k]).as("%s %s[%d]", activation, tensors.get(t).spec().path(), k)
                            .isCloseTo((up - down) / actualStep, within(2e-4));
                }
            }
        }
    }

    private static double loss(HostNetwork host, ParameterSet params, float[] x, int[] labels) {
        return host.backward(host.forward(params::values, x, 4), params::values, labels, (s, da, dw, db) -> {
        });
    }

    @Test
    void preActivationsOfALayerAreThoseOfTheFullForwardPass() {
        Network network = ModelSpec.parse("mlp:30-20-20-4:tanh");
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(7, 30);
        HostTrace trace = host.forward(params::values, x, 7);
        for (int s = 0; s < 3; s++) {
            assertThat(host.preActivations(params::values, x, 7, s)).containsExactly(trace.preActivation(s));
        }
        assertThat(host.stages()).extracting(Stage::weightPath)
                .containsExactly("0.weight", "2.weight", "4.weight");
        assertThat(host.stages().get(2).activation()).isEqualTo(Activation.IDENTITY);
    }

    @Test
    void largeLayersGiveTheSameBitsInParallelAsSequentially() {
        Network network = ModelSpec.parse("mlp:300-300-10:relu");
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(64, 300);
        double[] once = host.preActivations(params::values, x, 64, 1);
        double[] again = host.preActivations(params::values, x, 64, 1);
        assertThat(once).containsExactly(again);
        // a single row runs sequentially
        double[] single = host.preActivations(params::values, java.util.Arrays.copyOf(x, 300), 1, 1);
        assertThat(single).containsExactly(java.util.Arrays.copyOf(once, 10));
    }

    @Test
    void refusesANetworkWithoutWeightedLayers() {
        Network flattenOnly = new Network(FeatureShape.map(2, 1, 1), List.of(new FlattenLayer()), "custom");
        assertThatThrownBy(() -> new HostNetwork(flattenOnly)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("custom has none");
    }
}
