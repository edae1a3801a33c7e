package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.initlab.app.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny vision transformer (four 14x14 patches, width 8, two heads, one pre-LN block) trains on the bundled
 * digits through {@code compare} on the native backend: the whole path from the {@code vit:} spec through the
 * initialization plan (torchvision's embedding starts) to the backend's attention and its backward pass.
 */
class VisionTransformerCompareTest {
    @TempDir
    Path tmp;

    @Test
    void tinyVisionTransformerTrainsWellAboveChance() throws Exception {
        Path out = tmp.resolve("vit");
        Run r = CliTest.run("compare", "--model", "vit:1x28x28-p14-d8-h2-L1-10", "--init", "he-normal",
                "--seeds", "1", "--epochs", "3", "--train-limit", "400", "--test-limit", "300", "--batch-size", "16",
                "--optimizer", "adam(lr=0.01)", "--backend", "native", "--quiet", "--out", out.toString(),
                "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("config").get("model").asText()).isEqualTo("vit:1x28x28-p14-d8-h2-L1-10");
        // measured: 54.7% after 3 epochs (36.0% after the first); chance is 10%
        assertThat(json.get("summary").get(0).get("test_accuracy_mean").asDouble()).isGreaterThan(0.35);
    }
}
