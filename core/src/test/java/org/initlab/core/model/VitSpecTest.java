package org.initlab.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.initlab.spi.Fans;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.junit.jupiter.api.Test;

class VitSpecTest {

    @Test
    void smallVitOnDigitsHasPatchesClassTokenPositionsBlocksPoolNormAndHead() {
        Network net = ModelSpec.parse("vit:1x28x28-p7-d64-h4-L6-10");
        assertThat(net.layers()).hasSize(12);
        assertThat(net.layers().get(0)).isEqualTo(new PatchEmbedding(1, 64, 7));
        assertThat(net.layers().get(1)).isEqualTo(new ClassToken(64));
        assertThat(net.layers().get(2)).isEqualTo(new PositionalEmbedding(17, 64));
        assertThat(net.layers().subList(3, 9)).containsOnly(new TransformerBlock(64, 4, 256, NormPlacement.PRE, false,
                Activation.GELU, 1));
        assertThat(net.layers().get(9)).isEqualTo(new TokenPool(TokenPool.Mode.CLS));
        assertThat(net.layers().get(10)).isEqualTo(LayerNormLayer.of(FeatureShape.flat(64)));
        assertThat(net.layers().get(11)).isEqualTo(new DenseLayer(64, 10));
    }

    @Test
    void shapesGoFromImageToTokensToAPooledVector() {
        Network net = ModelSpec.parse("vit:1x28x28-p7-d64-h4-L1-10");
        assertThat(net.shapes()).extracting(FeatureShape::toString).containsExactly("1x28x28", "16x64 tokens",
                "17x64 tokens", "17x64 tokens", "17x64 tokens", "64", "64", "10");
        assertThat(net.shapes().get(1).tokens()).isEqualTo(16);
        assertThat(net.shapes().get(1).dim()).isEqualTo(64);
        assertThatThrownBy(() -> FeatureShape.flat(3).tokens()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parametersFollowTheStateDictOfTransformerEncoderLayer() {
        Network net = ModelSpec.parse("vit:1x8x8-p4-d8-h2-L2-ff16-3");
        List<ParameterSpec> params = net.parameters();
        assertThat(params).extracting(ParameterSpec::path).containsExactly("0.weight", "0.bias", "1.class_token",
                "2.pos_embedding",
                "3.self_attn.in_proj_weight", "3.self_attn.in_proj_bias", "3.self_attn.out_proj.weight",
                "3.self_attn.out_proj.bias", "3.linear1.weight", "3.linear1.bias", "3.linear2.weight",
                "3.linear2.bias", "3.norm1.weight", "3.norm1.bias", "3.norm2.weight", "3.norm2.bias",
                "4.self_attn.in_proj_weight", "4.self_attn.in_proj_bias", "4.self_attn.out_proj.weight",
                "4.self_attn.out_proj.bias", "4.linear1.weight", "4.linear1.bias", "4.linear2.weight",
                "4.linear2.bias", "4.norm1.weight", "4.norm1.bias", "4.norm2.weight", "4.norm2.bias",
                "6.weight", "6.bias", "7.weight", "7.bias");
        assertThat(params).extracting(p -> p.shape().toString()).startsWith("[8, 1, 4, 4]", "[8]", "[1, 1, 8]",
                "[1, 5, 8]", "[24, 8]", "[24]", "[8, 8]", "[8]", "[16, 8]", "[16]", "[8, 16]", "[8]", "[8]", "[8]");
        ParameterSpec patch = params.get(0);
        assertThat(patch.layerKind()).isEqualTo(LayerKind.CONV);
        assertThat(patch.fans()).isEqualTo(new Fans(16, 128));
        for (ParameterSpec embedding : List.of(params.get(2), params.get(3))) {
            assertThat(embedding.role()).isEqualTo(ParameterRole.WEIGHT);
            assertThat(embedding.layerKind()).isEqualTo(LayerKind.EMBEDDING);
            assertThat(embedding.placement().orElseThrow().region()).isEqualTo(Placement.Region.TRUNK);
        }
        ParameterSpec inProj = params.get(4);
        assertThat(inProj.layerKind()).isEqualTo(LayerKind.DENSE);
        assertThat(inProj.fans()).isEqualTo(new Fans(8, 24));
        assertThat(params.get(5).layerFans()).contains(new Fans(8, 24));
        assertThat(params.get(5).role()).isEqualTo(ParameterRole.BIAS);
        assertThat(params.get(8).nonlinearity().name()).isEqualTo("gelu");
        assertThat(params.get(12).layerKind()).isEqualTo(LayerKind.NORMALIZATION);
        assertThat(params.get(12).role()).isEqualTo(ParameterRole.OTHER);
        assertThat(net.parameters().get(29).placement().orElseThrow().classifier()).isFalse();
        assertThat(net.parameters().get(30).placement().orElseThrow().classifier()).isTrue();
        assertThat(net.residualBlockCount()).isEqualTo(4);
        assertThat(net.transformerBlockCount()).isEqualTo(2);
    }

    @Test
    void everyBlockHasAnAttentionAndAFeedForwardBranchWithGpt2sResidualProjectionsLast() {
        Network net = ModelSpec.parse("vit:1x8x8-p4-d8-h2-L2-ff16-3");
        List<ParameterSpec> params = net.parameters();
        // block 1 (layer 4): attention branch 2, feed-forward branch 3 of 4
        assertThat(placement(params, "4.self_attn.in_proj_weight")).isEqualTo(branch(2, 0, 2));
        assertThat(placement(params, "4.self_attn.in_proj_bias")).isEqualTo(branch(2, 0, 2));
        assertThat(placement(params, "4.self_attn.out_proj.weight")).isEqualTo(branch(2, 1, 2));
        assertThat(placement(params, "4.linear1.weight")).isEqualTo(branch(3, 0, 2));
        assertThat(placement(params, "4.linear2.bias")).isEqualTo(branch(3, 1, 2));
        assertThat(placement(params, "4.norm1.weight")).isEqualTo(branch(2, 0, 1));
        assertThat(placement(params, "4.norm2.bias")).isEqualTo(branch(3, 0, 1));
        assertThat(params.stream().filter(p -> p.placement().orElseThrow().lastInBranch()
                && p.role() == ParameterRole.WEIGHT && p.layerKind() == LayerKind.DENSE).map(ParameterSpec::path))
                .containsExactly("3.self_attn.out_proj.weight", "3.linear2.weight", "4.self_attn.out_proj.weight",
                        "4.linear2.weight");
        assertThat(placement(params, "7.weight").block()).isEqualTo(4);
        assertThat(placement(params, "0.weight").block()).isZero();
    }

    @Test
    void optionsChooseNormsPoolingMaskWidthActivationAndDeepNormsMultiplier() {
        Network net = ModelSpec.parse("vit:3x8x8-p2-d12-h3-L3-ff20-post-deepnorm-mean-causal-5:relu");
        TransformerBlock block = (TransformerBlock) net.layers().get(2);
        assertThat(block).isEqualTo(new TransformerBlock(12, 3, 20, NormPlacement.POST, true, Activation.RELU,
                Math.pow(6, 0.25)));
        assertThat(net.layers().get(0)).isEqualTo(new PatchEmbedding(3, 12, 2));
        assertThat(net.layers().get(1)).isEqualTo(new PositionalEmbedding(16, 12));
        assertThat(net.layers().get(5)).isEqualTo(new TokenPool(TokenPool.Mode.MEAN));
        assertThat(net.layers().get(6)).isEqualTo(new DenseLayer(12, 5));
        assertThat(net.parameters().stream().filter(p -> p.path().startsWith("2."))
                .map(p -> p.placement().orElseThrow().shortcutScale()))
                .allSatisfy(a -> assertThat(a).isCloseTo(1.5650845800732873, within(1e-12)));
        Network none = ModelSpec.parse("vit:1x8x8-p4-d8-h2-L1-nonorm-3");
        assertThat(none.layers()).hasSize(6);
        assertThat(none.parameters()).extracting(ParameterSpec::path).noneMatch(p -> p.contains("norm"));
        assertThat(((TransformerBlock) none.layers().get(3)).norm()).isEqualTo(NormPlacement.NONE);
    }

    @Test
    void multiplyAddsCountProjectionsAttentionAndPatches() {
        Network net = ModelSpec.parse("vit:1x8x8-p4-d8-h2-L1-ff16-3");
        long t = 5;
        long block = 4 * t * 8 * 8 + 2 * t * 8 * 16 + 2 * t * t * 8;
        long patches = 4 * 8 * 16;
        assertThat(net.forwardMultiplyAdds()).isEqualTo(patches + block + 8 * 3);
    }

    @Test
    void badSpecsGetOneLineErrorsThatSayWhatIsWrong() {
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p5-d64-h4-L6-10"))
                .hasMessage("bad model spec 'vit:1x28x28-p5-d64-h4-L6-10': patch size 5 does not divide the 28x28 "
                        + "image");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h5-L6-10"))
                .hasMessageContaining("5 heads do not divide the width d64");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h4-L6-deepnorm-10"))
                .hasMessageContaining("deepnorm needs post-LN blocks");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h4-L6-pre-deepnorm-10"))
                .hasMessageContaining("deepnorm needs post-LN blocks");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h4-l6-10"))
                .hasMessageContaining("unknown item 'l6'").hasMessageEndingWith("did you mean 'L<blocks>'?");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h4-L6-casual-10"))
                .hasMessageEndingWith("did you mean 'causal'?");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h4-L6-pre-post-10"))
                .hasMessageContaining("'pre' and 'post' exclude each other");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h4-L6-cls-mean-10"))
                .hasMessageContaining("'cls' and 'mean' exclude each other");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h4-10"))
                .hasMessageContaining("missing the number of blocks L<N>");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-p7-d64-h4-L2-10"))
                .hasMessageContaining("'p' is given twice");
        assertThatThrownBy(() -> ModelSpec.parse("vit:784-p7-d64-h4-L2-10"))
                .hasMessageContaining("the input '784' is not CxHxW");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h4-L2-1"))
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> ModelSpec.parse("vit:1x28x28-p7-d64-h4-L2-10:nope"))
                .hasMessageStartingWith("bad model spec");
        for (String bad : List.of("vit:1x28x28-p5-d64-h4-L6-10", "vit:1x28x28-p7-d64-h4-L6-casual-10")) {
            assertThatThrownBy(() -> ModelSpec.parse(bad)).satisfies(e -> assertThat(e.getMessage()).doesNotContain(
                    "\n"));
        }
    }

    @Test
    void layersRefuseShapesTheyDoNotFit() {
        assertThatThrownBy(() -> new TransformerBlock(10, 3, 4, NormPlacement.PRE, false, Activation.GELU, 1))
                .hasMessage("3 heads do not divide the width 10");
        assertThatThrownBy(() -> new DenseLayer(64, 3).outputShape(FeatureShape.sequence(4, 16)))
                .hasMessageContaining("pool the tokens first");
        assertThatThrownBy(() -> new PatchEmbedding(1, 8, 3).outputShape(FeatureShape.map(1, 8, 8)))
                .hasMessage("patch size 3 does not divide the 8x8 image");
        assertThatThrownBy(() -> new TokenPool(TokenPool.Mode.CLS).outputShape(FeatureShape.flat(8)))
                .hasMessageContaining("needs a token sequence");
        assertThat(TransformerBlock.of(8, 2, 16, NormPlacement.PRE).toString())
                .isEqualTo("TransformerBlock(d=8, heads=2, ff=16, pre, gelu)");
    }

    private static Placement placement(List<ParameterSpec> params, String path) {
        return params.stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow().placement().orElseThrow();
    }

    private static Placement branch(int block, int position, int count) {
        return new Placement(Placement.Region.BRANCH, block, 4, position, count, false);
    }
}
