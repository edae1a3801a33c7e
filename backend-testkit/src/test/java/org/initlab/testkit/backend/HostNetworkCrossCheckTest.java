package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.host.HostTrace;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Core's {@link HostNetwork} (the double-precision pass behind {@code inspect} and LSUV) against the kit's
 * {@link ReferenceNetwork}, two implementations written apart: the same logits, mean loss and gradient of every
 * parameter in training mode (batch statistics), to double-precision rounding. Both treat no network as a
 * special case, so every layer kind the kit covers is checked here; networks with dropout are left out because
 * the host pass treats dropout as the identity by design.
 */
class HostNetworkCrossCheckTest {
    private static final double TOLERANCE = 1e-9;

    static Stream<Network> networks() {
        return Stream.of(Stream.of(ModelSpec.parse("mlp:12-8x2-3:tanh"), ModelSpec.parse("mlp:6-5-4:relu")),
                        KitNetworks.convolutionalNetworks(), KitNetworks.batchNormNetworks(),
                        KitNetworks.unusualNetworks().filter(n -> !n.weightedLayerIndices().isEmpty()),
                        TransformerFixtures.transformerNetworks())
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void hostNetworkComputesTheReferenceLogitsLossAndGradients(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 7);
        Batch batch = KitFixtures.batch(network, 5, 11);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        HostNetwork host = new HostNetwork(network);

        HostTrace trace = host.forward(parameters::values, batch.inputs(), batch.size());
        Map<String, double[]> gradients = new LinkedHashMap<>();
        double loss = host.backward(trace, parameters::values, batch.labels(), (stage, out, dW, dB) -> {
        }, gradients::put);

        assertClose("logits", trace.layerOutput(network.layers().size() - 1), reference.trainingLogits(batch.inputs(), batch.size()));
        assertThat(loss).as("mean loss").isCloseTo(reference.meanLoss(batch.inputs(), batch.labels(),
                batch.size()), within(TOLERANCE));
        Map<String, double[]> expected = reference.gradients(batch.inputs(), batch.labels(), batch.size());
        assertThat(gradients).as("parameters with gradients").containsOnlyKeys(expected.keySet());
        expected.forEach((path, gradient) -> assertClose("gradient of " + path, gradients.get(path), gradient));
    }

    private static void assertClose(String what, double[] actual, double[] expected) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(TOLERANCE * scale));
        }
    }
}
