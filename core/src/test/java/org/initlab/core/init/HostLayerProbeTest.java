package org.initlab.core.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

class HostLayerProbeTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    @Test
    void outputsFollowEveryWriteToAnyLayerWithTheBitsOfAFullPass() {
        Network network = ModelSpec.parse("cnn:1x10x10-c4k3-bn-p2-c6k3p1-f8-3:tanh");
        ParameterSet params = InitializationPlan.of(registry.resolve("he-normal"), registry.resolve("normal(std=0.1)"))
                .materialize(network, 2);
        HostNetwork host = new HostNetwork(network);
        float[] x = new float[7 * 100];
        SeededRandom random = SeededRandom.of(4);
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) random.nextGaussian();
        }
        List<ParameterSpec> weights = network.parameters().stream()
                .filter(p -> p.role() == org.initlab.spi.ParameterRole.WEIGHT).toList();
        HostLayerProbe probe = new HostLayerProbe(host, params, weights, x, 7);
        assertThat(probe.weights()).extracting(ParameterSpec::path).containsExactly("0.weight", "4.weight",
                "7.weight", "9.weight");
        int[][] steps = {{0, 1}, {1, 1}, {2, 0}, {2, 2}, {3, 1}, {3, 3}, {1, 2}, {0, 3}};
        for (int[] step : steps) {
            float[] w = probe.values(step[0]);
            w[0] *= 1.5f;
            int stage = step[1];
            double[] full = host.preActivations(params::values, x, 7, stage);
            float[] out = probe.outputs(stage);
            assertThat(out).hasSize(full.length);
            for (int k = 0; k < full.length; k++) {
                assertThat(out[k]).isEqualTo((float) full[k]);
            }
        }
        // the batch-norm scale before layer 1 counts too
        params.values("1.weight")[0] = 3;
        assertThat(probe.outputs(3)[0]).isEqualTo((float) host.preActivations(params::values, x, 7, 3)[0]);
    }
}
