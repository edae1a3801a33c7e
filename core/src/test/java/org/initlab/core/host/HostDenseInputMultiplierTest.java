package org.initlab.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.Network;
import org.junit.jupiter.api.Test;

/** {@code y = W (c x) + b}: the input multiplier of a dense layer in the host network's forward and backward. */
class HostDenseInputMultiplierTest {
    private static final int BATCH = 4;
    private static final int[] LABELS = {0, 2, 1, 2};
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    private static Network network(double c0, double c2) {
        return new Network(5, List.of(new DenseLayer(5, 4, c0), new ActivationLayer(Activation.TANH),
                new DenseLayer(4, 3, c2)), "multiplied");
    }

    private ParameterSet parameters(Network network) {
        return InitializationPlan.of(registry.resolve("xavier-normal"), registry.resolve("normal(std=0.2)"))
                .materialize(network, 5);
    }

    @Test
    void theMultiplierScalesTheInputAndNotTheBias() {
        Network scaled = network(0.5, 3);
        Network plain = network(1, 1);
        ParameterSet params = parameters(scaled);
        List<ParameterTensor> folded = new ArrayList<>();
        for (ParameterTensor t : params.tensors()) {
            float[] v = t.values().clone();
            double c = t.spec().path().equals("0.weight") ? 0.5 : t.spec().path().equals("2.weight") ? 3 : 1;
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (v[k] * c);
            }
            folded.add(new ParameterTensor(t.spec(), v));
        }
        ParameterSet foldedParams = new ParameterSet(folded);
        float[] x = HostChecks.inputs(BATCH, 5);
        double[] a = new HostNetwork(scaled).forward(params::values, x, BATCH).layerOutput(2);
        double[] b = new HostNetwork(plain).forward(foldedParams::values, x, BATCH).layerOutput(2);
        for (int k = 0; k < a.length; k++) {
            assertThat(a[k]).isCloseTo(b[k], within(1e-6));
        }
        assertThat(a[0]).isNotCloseTo(new HostNetwork(plain).forward(params::values, x, BATCH).layerOutput(2)[0],
                within(1e-3));
    }

    @Test
    void gradientsMatchFiniteDifferencesWithMultipliers() {
        Network network = network(0.25, 4);
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(BATCH, 5);
        Map<String, double[]> analytic = HostChecks.analyticGradients(host, params, x, BATCH, LABELS);
        HostChecks.assertGradientsMatch(host, params, x, BATCH, LABELS, analytic, 1e-3, 1e-4);
    }

    @Test
    void theStageDescriptionShowsTheMultiplier() {
        assertThat(new HostNetwork(network(1, 0.25)).stages()).extracting(Stage::description)
                .containsExactly("dense 5->4", "dense 4->3 (input x0.25)");
    }
}
