package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.initlab.app.InspectCommandTest.Run;
import org.junit.jupiter.api.Test;

/** {@code inspect} on networks with layer and RMS normalization, global average pooling and the newer activations. */
class InspectNormalizationLayersTest {

    @Test
    void stageDescriptionsNameTheNormalizationAndPoolingAndSiluGetsItsExactGain() throws Exception {
        Run r = InspectCommandTest.run("inspect", "--json", "--model",
                "cnn:1x12x12-c4k3p1-ln-c6k3p1-rms-gap-f8-ln-10:silu", "--init", "he-normal,lsuv", "--input",
                "gaussian", "--batch", "16");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode inits = new ObjectMapper().readTree(r.out()).get("inits");
        List<String> descriptions = new ArrayList<>();
        inits.get(0).get("layers").forEach(l -> descriptions.add(l.get("description").asText()));
        assertThat(descriptions).containsExactly("conv3x3 1->4 p1 + ln", "conv3x3 4->6 p1 + rms + gap",
                "dense 6->8 + ln", "dense 8->10");
        assertThat(inits.get(0).get("recommendation").asText())
                .contains("variance-scaling(scale=2.811, distribution=untruncated_normal)")
                .contains("1.6765");
        // LSUV sees through the normalizations as through batch norm: unit pre-activation variance per layer
        for (JsonNode layer : inits.get(1).get("layers")) {
            double std = layer.get("preactivation_std").asDouble();
            assertThat(std * std).as(layer.get("description").asText()).isBetween(0.9, 1.1);
        }
    }

    @Test
    void misplacedTokensAreOneLineErrors() {
        for (String[] c : new String[][] {{"cnn:1x28x28-ln-10", "'ln' must follow a convolution"},
                {"mlp:784-ln-10", "'ln' must follow a hidden width"}, {"mlp:784-64-gap-10", "'gap'"}}) {
            Run r = InspectCommandTest.run("inspect", "--model", c[0]);
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("initlab: ").contains("bad model spec '" + c[0] + "'").contains(c[1]);
        }
    }

    @Test
    void sampleAcceptsTheNewerActivationsAsTheFollowingNonlinearity() {
        CliTest.Run silu = CliTest.run("sample", "--init", "he-normal", "--shape", "4,4", "--nonlinearity", "silu");
        assertThat(silu.code()).as(silu.err()).isZero();
        CliTest.Run swish = CliTest.run("sample", "--init", "he-normal", "--shape", "4,4", "--nonlinearity", "swish");
        assertThat(swish.code()).isEqualTo(2);
        assertThat(swish.err().strip()).endsWith("gelu_tanh, silu, mish; got 'swish'");
    }
}
