package org.initlab.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * Transformer blocks in {@link Inspector}: the stream after each branch, the attention's entropy against ln T and
 * its logit scale, and the verdicts.
 */
class TransformerInspectionTest {
    private static final InitializerRegistry REGISTRY = InitializerRegistry.load(
            TransformerInspectionTest.class.getClassLoader());

    private static Inspection inspect(String model, String init, List<String> rules) {
        Network network = ModelSpec.parse(model);
        InitializationPlan plan = new InitializationPlan(REGISTRY.resolve(init), REGISTRY.resolve("zeros"),
                InitializationPlan.ParameterOverride.parseAll(rules, REGISTRY));
        Dataset batch = ProbeBatches.gaussian(network.inputWidth(), network.outputWidth(), 32, SeededRandom.of(3));
        return Inspector.inspect(network, plan, 7, batch, 2);
    }

    @Test
    void zeroQueryAndKeyWeightsGiveExactlyUniformAttentionWithAndWithoutMask() {
        for (String model : List.of("vit:1x8x8-p2-d16-h4-L2-10", "vit:1x8x8-p2-d16-h4-L2-causal-mean-10")) {
            Inspection inspection = inspect(model, "xavier-uniform", List.of("*.attn.q.weight=zeros",
                    "*.attn.k.weight=zeros"));
            assertThat(inspection.transformerBlocks()).as(model).hasSize(2);
            for (TransformerBlockStatistics b : inspection.transformerBlocks()) {
                assertThat(b.logitStd()).as(model).isZero();
                assertThat(b.entropyRatio()).as(model).isCloseTo(1, within(1e-12));
            }
            assertThat(inspection.attentionVerdict()).get().asString().startsWith("attention is uniform: in blocks "
                    + "1, 2 the attention entropy is 1.0000 of uniform attention's (ln T), with logit std 0");
        }
        // query t sees t keys: uniform rows have entropy ln t, whose mean over t = 1..T is ln(T!)/T
        assertThat(TransformerBlockStatistics.uniformEntropy(3, true)).isCloseTo(Math.log(6) / 3, within(1e-15));
        assertThat(TransformerBlockStatistics.uniformEntropy(17, false)).isEqualTo(Math.log(17));
        assertThat(inspect("vit:1x8x8-p2-d16-h4-L1-causal-mean-10", "xavier-uniform", List.of())
                .transformerBlocks().get(0).uniformEntropy()).isCloseTo(
                TransformerBlockStatistics.uniformEntropy(16, true), within(0.0));
    }

    @Test
    void gpt2LikeSmallWeightsGiveNearUniformAttentionAndTheVerdictSaysSo() {
        // GPT-2's and BERT's N(0, 0.02) on a 32-wide model: q and k have std ~0.02 sqrt(32) = 0.11, so the
        // logits q.k/sqrt(8) have std ~0.11^2 = 0.013 and the softmax cannot tell the tokens apart
        Inspection inspection = inspect("vit:1x28x28-p7-d32-h4-L4-10", "normal(std=0.02)", List.of());
        assertThat(inspection.transformerBlocks()).hasSize(4).extracting(TransformerBlockStatistics::name)
                .containsExactly("3", "4", "5", "6");
        for (TransformerBlockStatistics b : inspection.transformerBlocks()) {
            assertThat(b.tokens()).isEqualTo(17);
            assertThat(b.uniformEntropy()).isEqualTo(Math.log(17));
            assertThat(b.entropyRatio()).as("block %d", b.block()).isGreaterThan(0.99).isLessThanOrEqualTo(1);
            assertThat(b.logitStd()).isBetween(0.003, 0.05);
            assertThat(b.description()).isEqualTo("pre-LN, 4 heads, 17 tokens");
        }
        assertThat(inspection.attentionVerdict()).get().asString().startsWith("attention is uniform: in blocks 1, "
                + "2, 3, 4 the attention entropy is");
        assertThat(inspection.verdict()).startsWith("attention is uniform");
    }

    @Test
    void largeQueryAndKeyWeightsCollapseTheAttentionOntoOneToken() {
        Inspection inspection = inspect("vit:1x28x28-p7-d32-h4-L2-10", "xavier-uniform",
                List.of("*.attn.q.weight=normal(std=1)", "*.attn.k.weight=normal(std=1)"));
        for (TransformerBlockStatistics b : inspection.transformerBlocks()) {
            assertThat(b.entropyRatio()).as("block %d", b.block()).isLessThan(0.1);
            assertThat(b.logitStd()).isGreaterThan(10);
        }
        assertThat(inspection.attentionVerdict()).get().asString().startsWith("attention collapses: in blocks 1, 2");
        assertThat(inspection.verdict()).isEqualTo(inspection.attentionVerdict().get());
        // the default scale sits between the two failures
        Inspection xavier = inspect("vit:1x28x28-p7-d32-h4-L2-10", "xavier-uniform", List.of());
        assertThat(xavier.transformerBlocks()).allSatisfy(b -> assertThat(b.entropyRatio()).isBetween(0.1, 0.99));
        assertThat(xavier.attentionVerdict()).get().asString().startsWith("attention selective");
    }

    @Test
    void postLayerNormKeepsTheStreamAtOneWhilePreLayerNormGrowsIt() {
        Inspection post = inspect("vit:1x28x28-p7-d32-h4-L6-post-10", "xavier-uniform", List.of());
        for (TransformerBlockStatistics b : post.transformerBlocks()) {
            // LayerNorm with scale 1 and shift 0: every token has mean 0 and E[y^2] = var / (var + eps)
            assertThat(b.outputSecondMoment()).as("block %d", b.block()).isCloseTo(1, within(1e-3));
            // before norm1 the stream is a x + SA(x): the input plus what the branch adds, no cross term to speak of
            assertThat(b.afterAttentionSecondMoment()).isCloseTo(b.inputSecondMoment() + b.attentionSecondMoment(),
                    within(0.15 * b.afterAttentionSecondMoment()));
        }
        assertThat(post.transformerStreamVerdict()).get().asString().startsWith("residual stream stable: x1 per "
                + "block").contains("post-LN");
        Inspection pre = inspect("vit:1x28x28-p7-d32-h4-L6-pre-10", "xavier-uniform", List.of());
        List<TransformerBlockStatistics> blocks = pre.transformerBlocks();
        for (int i = 1; i < blocks.size(); i++) {
            TransformerBlockStatistics b = blocks.get(i);
            // pre-LN: the sums are the stream; each branch reads a normalized copy and adds to it
            assertThat(b.outputSecondMoment()).isEqualTo(b.afterFeedForwardSecondMoment())
                    .isGreaterThan(b.afterAttentionSecondMoment()).isGreaterThan(blocks.get(i - 1).outputSecondMoment());
            assertThat(b.afterAttentionSecondMoment()).isGreaterThan(b.inputSecondMoment());
        }
        assertThat(blocks.get(5).outputSecondMoment() / blocks.get(0).outputSecondMoment()).isGreaterThan(2);
        assertThat(pre.transformerStreamVerdict()).get().asString().startsWith("residual stream grows");
    }

    @Test
    void zeroResidualProjectionsLeaveAPreLayerNormStreamExactlyUnchanged() {
        Inspection inspection = inspect("vit:1x8x8-p4-d8-h2-L3-10", "xavier-uniform",
                List.of("*.out_proj.weight=zeros", "*.linear2.weight=zeros"));
        for (TransformerBlockStatistics b : inspection.transformerBlocks()) {
            assertThat(b.attentionSecondMoment()).isZero();
            assertThat(b.feedForwardSecondMoment()).isZero();
            assertThat(b.growth()).isEqualTo(1.0);
        }
        assertThat(inspection.transformerStreamVerdict()).get().asString().startsWith("residual stream stable: x1 "
                + "per block (x1 from block 1's output to block 3's");
        assertThat(inspect("mlp:8-8-10", "xavier-uniform", List.of()).transformerBlocks()).isEmpty();
    }

    @Test
    void theRecommendationFollowsTheBlockFormNotThePerLayerRule() {
        assertThat(inspect("vit:1x8x8-p2-d16-h4-L4-post-10", "xavier-uniform", List.of()).recommendation())
                .startsWith("post-LN blocks: train with learning-rate warm-up").contains("deepnorm");
        assertThat(inspect("vit:1x8x8-p2-d16-h4-L4-post-deepnorm-10", "deepnorm", List.of()).recommendation())
                .startsWith("keep deepnorm: the residual stream keeps its scale");
        Inspection unnormalized = inspect("vit:1x8x8-p2-d16-h4-L8-nonorm-10", "xavier-uniform", List.of());
        assertThat(unnormalized.transformerStreamVerdict()).get().asString().startsWith("residual stream grows");
        assertThat(unnormalized.recommendation()).startsWith("use t-fixup for blocks without LayerNorm");
        assertThat(inspect("vit:1x8x8-p2-d16-h4-L2-10", "xavier-uniform", List.of()).recommendation())
                .startsWith("keep xavier-uniform for the projections; pre-LN blocks train without warm-up");
        assertThat(inspect("vit:1x8x8-p2-d16-h4-L2-10", "xavier-uniform", List.of()).recommendation())
                .doesNotContain("lecun");
    }
}
