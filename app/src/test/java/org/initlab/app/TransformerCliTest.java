package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.initlab.app.CliTest.Run;
import org.initlab.core.model.ModelSpec;
import org.initlab.tensorformats.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vision transformer through the CLI: the PyTorch listing of {@code init} and the per-layer table of inspect. */
class TransformerCliTest {
    @TempDir
    Path tmp;

    @Test
    void printedPytorchModuleOfAVitHasTheFilesStateDictNames() throws Exception {
        for (String model : List.of("vit:1x8x8-p4-d8-h2-L2-10", "vit:1x8x8-p2-d8-h2-L2-ff12-post-deepnorm-causal-3",
                "vit:2x8x8-p4-d6-h3-L1-nonorm-mean-3:silu")) {
            Path file = tmp.resolve("m" + model.hashCode() + ".safetensors");
            Run r = CliTest.run("init", "--model", model, "--init", "xavier-uniform", "--out", file.toString(),
                    "--print-pytorch");
            assertThat(r.code()).as(model + ": " + r.err()).isZero();
            PytorchModules modules = PytorchModules.of(ModelSpec.parse(model));
            assertThat(r.out()).contains(modules.source());
            assertThat(Safetensors.read(file).keySet()).as(model)
                    .containsExactlyInAnyOrderElementsOf(modules.stateDictKeys());
        }
    }

    @Test
    void pytorchListingUsesTransformerEncoderLayerWithEveryArgument() {
        String pre = PytorchModules.of(ModelSpec.parse("vit:1x28x28-p7-d64-h4-L6-10")).source();
        assertThat(pre).contains("PatchEmbedding(1, 64, kernel_size=7, stride=7),  # 0", "ClassToken(64),  # 1",
                "PositionalEmbedding(17, 64),  # 2",
                "nn.TransformerEncoderLayer(64, 4, dim_feedforward=256, dropout=0.0, activation=\"gelu\", "
                        + "batch_first=True, norm_first=True),  # 3",
                "TokenPool(\"cls\"),  # 9", "nn.LayerNorm(64, eps=1e-05),  # 10", "nn.Linear(64, 10),  # 11",
                "class PatchEmbedding(nn.Conv2d)", "class ClassToken", "class PositionalEmbedding", "class TokenPool");
        assertThat(pre).doesNotContain("class EncoderLayer");
        String deep = PytorchModules.of(ModelSpec.parse("vit:1x28x28-p7-d64-h4-L2-post-deepnorm-causal-mean-10:relu"))
                .source();
        assertThat(deep).contains("EncoderLayer(64, 4, 256, activation=\"relu\", norm=\"post\", causal=True, "
                + "alpha=1.4142135623730951)", "class EncoderLayer", "TokenPool(\"mean\")").doesNotContain(
                "class ClassToken");
        assertThat(PytorchModules.of(ModelSpec.parse("vit:1x8x8-p4-d8-h2-L1-nonorm-3:tanh")).source())
                .contains("EncoderLayer(8, 2, 32, activation=nn.Tanh(), norm=None, causal=False, alpha=1.0)");
    }

    @Test
    void inspectMeasuresEveryProjectionOfAVit() {
        InspectCommandTest.Run r = InspectCommandTest.run("inspect", "--model", "vit:1x28x28-p7-d16-h2-L2-10", "--init",
                "xavier-uniform");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("block 1 attention: in_proj 16->48", "block 2 feed-forward: linear2 64->16",
                "conv7x7 1->16 s7 + class token + positions");
    }
}
