package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.initlab.app.InspectCommandTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inspect} on vision transformers: the per-block table, {@code transformer_blocks} and its CSV. */
class InspectTransformerTest {
    private static final String POST = "vit:1x28x28-p7-d32-h4-L4-post-10";

    @TempDir
    Path tmp;

    @Test
    void smallWeightsGiveUniformAttentionInTheJsonTheCsvAndTheTable() throws Exception {
        Path out = tmp.resolve("out");
        Run r = InspectCommandTest.run("inspect", "--json", "--model", POST, "--init", "normal(std=0.02)",
                "--batch", "32", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode init = new ObjectMapper().readTree(r.out()).get("inits").get(0);
        JsonNode blocks = init.get("transformer_blocks");
        assertThat(blocks).hasSize(4);
        for (JsonNode b : blocks) {
            assertThat(b.get("tokens").asInt()).isEqualTo(17);
            assertThat(b.get("uniform_entropy").asDouble()).isEqualTo(Math.log(17));
            assertThat(b.get("entropy_ratio").asDouble()).isGreaterThan(0.99)
                    .isCloseTo(b.get("attention_entropy").asDouble() / Math.log(17), within(1e-12));
            assertThat(b.get("growth").asDouble()).isEqualTo(b.get("output_second_moment").asDouble()
                    / b.get("input_second_moment").asDouble());
            // post-LN: norm2 leaves every token with mean 0 and E[y^2] = var / (var + eps)
            assertThat(b.get("output_second_moment").asDouble()).isCloseTo(1, within(1e-3));
            assertThat(b.get("description").asText()).isEqualTo("post-LN, 4 heads, 17 tokens");
        }
        assertThat(init.get("attention_verdict").asText()).startsWith("attention is uniform: in blocks 1, 2, 3, 4");
        assertThat(init.get("transformer_stream_verdict").asText()).startsWith("residual stream stable: x1 per block");
        assertThat(init.get("verdict").asText()).isEqualTo(init.get("attention_verdict").asText());
        assertThat(init.has("residual_stream")).isFalse();
        List<String> csv = Files.readAllLines(out.resolve("transformer_blocks.csv"));
        assertThat(csv).hasSize(5);
        assertThat(csv.get(0)).isEqualTo("init,block,name,description,tokens,input_second_moment,"
                + "attention_second_moment,after_attention_second_moment,feed_forward_second_moment,"
                + "after_feed_forward_second_moment,output_second_moment,growth,attention_entropy,uniform_entropy,"
                + "entropy_ratio,logit_std");
        assertThat(csv.get(1)).startsWith("\"normal(std=0.02)\",1,3,\"post-LN, 4 heads, 17 tokens\",17,");
        assertThat(Files.exists(out.resolve("residual_stream.csv"))).isFalse();
        String text = Files.readString(out.resolve("inspect.txt"));
        assertThat(text).contains("transformer blocks (", "H/lnT", "logit std",
                "attention verdict: attention is uniform", "stream verdict: residual stream stable");
    }

    @Test
    void largeQueryAndKeyWeightsCollapseTheAttentionAndPreLayerNormGrowsTheStream() throws Exception {
        Run r = InspectCommandTest.run("inspect", "--model", "vit:1x28x28-p7-d32-h4-L4-10", "--init",
                "xavier-uniform", "--init-rule", "*.attn.q.weight=normal(std=1)", "--init-rule",
                "*.attn.k.weight=normal(std=1)", "--batch", "32");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = r.out().lines().dropWhile(l -> !l.startsWith("transformer blocks (")).skip(2).limit(4)
                .toList();
        assertThat(rows).hasSize(4).allSatisfy(row -> {
            String[] cells = row.trim().split("\\s+");
            assertThat(Double.parseDouble(cells[9])).as(row).isLessThan(0.1);
            assertThat(Double.parseDouble(cells[10])).as(row).isGreaterThan(10);
        });
        // pre-LN: each block's output is its x + FF, larger than the last block's
        double previous = 0;
        for (String row : rows) {
            String[] cells = row.trim().split("\\s+");
            assertThat(cells[7]).isEqualTo(cells[6]);
            assertThat(Double.parseDouble(cells[7])).isGreaterThan(previous);
            previous = Double.parseDouble(cells[7]);
        }
        assertThat(r.out()).contains("attention verdict: attention collapses: in blocks 1, 2, 3, 4",
                "verdict: attention collapses", "stream verdict: residual stream grows");
    }
}
