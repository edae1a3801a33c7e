package org.initlab.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.NormPlacement;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.core.model.TokenPool;
import org.initlab.core.model.TransformerBlock;
import org.initlab.spi.LayerKind;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The vision transformer's layers in the host network: values, gradients, stages and what the trace exposes. */
class HostTransformerTest {
    private static final int BATCH = 3;
    private static final int[] LABELS = {0, 2, 1};
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    /** Xavier weights, small random biases, norms and embeddings moved away from their starts. */
    private ParameterSet parameters(Network network) {
        ParameterSet params = InitializationPlan.of(registry.resolve("xavier-normal"),
                registry.resolve("normal(std=0.1)")).materialize(network, 3);
        SeededRandom random = SeededRandom.of(11);
        for (ParameterTensor t : params.tensors()) {
            if (t.spec().layerKind() == LayerKind.NORMALIZATION || t.spec().layerKind() == LayerKind.EMBEDDING) {
                float[] v = t.values();
                for (int k = 0; k < v.length; k++) {
                    v[k] += (float) (0.3 * random.nextGaussian());
                }
            }
        }
        return params;
    }

    /** A pre-LN network with a shortcut multiplier, which the spec grammar gives only to post-LN blocks. */
    private static Network scaledPreLn() {
        return new Network(FeatureShape.map(1, 4, 4), List.of(new PatchEmbedding(1, 4, 2), new ClassToken(4),
                new PositionalEmbedding(5, 4), new TransformerBlock(4, 2, 6, NormPlacement.PRE, true, Activation.TANH,
                1.3), new TokenPool(TokenPool.Mode.CLS), LayerNormLayer.of(FeatureShape.flat(4)),
                new DenseLayer(4, 3)), "scaled pre-LN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit:1x4x4-p2-d4-h2-L2-ff6-3", "vit:1x4x4-p2-d4-h2-L2-ff6-causal-3",
            "vit:1x4x4-p2-d4-h2-L1-ff6-post-mean-3:relu", "vit:1x4x4-p2-d4-h2-L2-ff6-post-deepnorm-causal-3",
            "vit:2x4x4-p2-d4-h1-L2-ff5-nonorm-mean-3:silu", "scaled"})
    void everyParameterGradientMatchesCentralFiniteDifferences(String spec) {
        Network network = spec.equals("scaled") ? scaledPreLn() : ModelSpec.parse(spec);
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network, 1);
        float[] x = HostChecks.inputs(BATCH, network.inputWidth());
        Map<String, double[]> analytic = HostChecks.analyticGradients(host, params, x, BATCH, LABELS);
        assertThat(analytic.keySet()).containsExactlyInAnyOrderElementsOf(params.paths());
        HostChecks.assertGradientsMatch(host, params, x, BATCH, LABELS, analytic, 1e-3, 2e-3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vit:1x4x4-p2-d4-h2-L1-ff6-3", "vit:1x4x4-p2-d6-h3-L1-ff5-post-causal-3:relu",
            "vit:1x4x4-p2-d4-h1-L1-ff6-nonorm-mean-3", "scaled"})
    void aBlockComputesPytorchsEncoderLayer(String spec) {
        Network network = spec.equals("scaled") ? scaledPreLn() : ModelSpec.parse(spec);
        ParameterSet params = parameters(network);
        HostTrace trace = new HostNetwork(network, 1).forward(params::values, HostChecks.inputs(BATCH,
                network.inputWidth()), BATCH);
        int layer = network.layers().indexOf(network.layers().stream().filter(TransformerBlock.class::isInstance)
                .findFirst().orElseThrow());
        TransformerBlock block = (TransformerBlock) network.layers().get(layer);
        double[] expected = ReferenceEncoderLayer.forward(block, params, layer + ".", trace.layerInput(layer),
                network.shapes().get(layer).tokens(), BATCH);
        assertThat(trace.layerOutput(layer)).hasSameSizeAs(expected);
        for (int k = 0; k < expected.length; k++) {
            assertThat(trace.layerOutput(layer)[k]).as("element %d", k).isCloseTo(expected[k], within(1e-9));
        }
    }

    @Test
    void tokensArePatchesInRowMajorOrderAfterTheClassTokenWithPositionsAdded() {
        Network network = ModelSpec.parse("vit:1x4x4-p2-d4-h2-L1-ff6-3");
        ParameterSet params = parameters(network);
        float[] x = HostChecks.inputs(BATCH, 16);
        HostTrace trace = new HostNetwork(network, 1).forward(params::values, x, BATCH);
        float[] w = params.values("0.weight");
        float[] bias = params.values("0.bias");
        float[] token = params.values("1.class_token");
        float[] pos = params.values("2.pos_embedding");
        for (int b = 0; b < BATCH; b++) {
            for (int patch = 0; patch < 4; patch++) {
                int py = patch / 2;
                int px = patch % 2;
                for (int d = 0; d < 4; d++) {
                    double sum = bias[d];
                    for (int u = 0; u < 2; u++) {
                        for (int v = 0; v < 2; v++) {
                            sum += (double) w[d * 4 + u * 2 + v] * x[b * 16 + (2 * py + u) * 4 + 2 * px + v];
                        }
                    }
                    assertThat(trace.layerOutput(0)[(b * 4 + patch) * 4 + d]).isCloseTo(sum, within(1e-12));
                    assertThat(trace.layerOutput(2)[(b * 5 + patch + 1) * 4 + d]).isCloseTo(sum + pos[(patch + 1) * 4
                            + d], within(1e-12));
                }
            }
            for (int d = 0; d < 4; d++) {
                assertThat(trace.layerOutput(1)[b * 20 + d]).isEqualTo(token[d]);
                assertThat(trace.layerOutput(4)[b * 4 + d]).isEqualTo(trace.layerOutput(3)[b * 20 + d]);
            }
        }
    }

    @Test
    void meanPoolingAveragesTheTokens() {
        Network network = ModelSpec.parse("vit:1x4x4-p2-d4-h2-L1-ff6-nonorm-mean-3");
        ParameterSet params = parameters(network);
        HostTrace trace = new HostNetwork(network, 1).forward(params::values, HostChecks.inputs(BATCH, 16), BATCH);
        double[] tokens = trace.layerOutput(2);
        for (int b = 0; b < BATCH; b++) {
            for (int d = 0; d < 4; d++) {
                double sum = 0;
                for (int t = 0; t < 4; t++) {
                    sum += tokens[(b * 4 + t) * 4 + d];
                }
                assertThat(trace.layerOutput(3)[b * 4 + d]).isCloseTo(sum / 4, within(1e-12));
            }
        }
    }

    @Test
    void attentionWithoutQueriesAndKeysIsUniformAndItsEntropyIsLnT() {
        for (boolean causal : new boolean[] {false, true}) {
            Network network = ModelSpec.parse("vit:1x8x8-p2-d8-h2-L1-" + (causal ? "causal-" : "") + "3");
            ParameterSet params = parameters(network);
            float[] inProj = params.values("3.self_attn.in_proj_weight");
            Arrays.fill(inProj, 0, 2 * 8 * 8, 0f);
            Arrays.fill(params.values("3.self_attn.in_proj_bias"), 0, 16, 0f);
            HostTrace trace = new HostNetwork(network, 1).forward(params::values, HostChecks.inputs(BATCH, 64),
                    BATCH);
            int tokens = 17;
            double expected = 0;
            for (int t = 0; t < tokens; t++) {
                expected += Math.log(causal ? t + 1 : tokens);
            }
            assertThat(trace.meanAttentionEntropy(3)).isCloseTo(expected / tokens, within(1e-12));
            assertThat(trace.attentionLogitStd(3)).isZero();
            double[] p = trace.attentionProbabilities(3);
            assertThat(p).hasSize(BATCH * 2 * tokens * tokens);
            assertThat(p[1]).isCloseTo(causal ? 0 : 1.0 / tokens, within(1e-15));
            assertThat(p[0]).isCloseTo(causal ? 1 : 1.0 / tokens, within(1e-15));
        }
    }

    @Test
    void traceExposesTheStreamAfterEachBranchAndTheLogitScale() {
        Network network = ModelSpec.parse("vit:1x4x4-p2-d4-h2-L1-ff6-post-deepnorm-3");
        ParameterSet params = parameters(network);
        HostTrace trace = new HostNetwork(network, 1).forward(params::values, HostChecks.inputs(BATCH, 16), BATCH);
        double a = Math.pow(2, 0.25);
        double[] x = trace.layerInput(3);
        double[] afterAttention = trace.streamAfterAttention(3);
        for (int k = 0; k < x.length; k++) {
            assertThat(afterAttention[k]).isCloseTo(a * x[k] + trace.attentionOutput(3)[k], within(1e-12));
        }
        assertThat(trace.streamAfterFeedForward(3)).hasSameSizeAs(x);
        // post-LN: the block's output is LN2 of the stream after the feed-forward branch (norm2 moved off 1/0)
        double[] logits = trace.attentionLogits(3);
        double[] qkv = trace.output(new LayerSite(3, LayerSite.Segment.ATTENTION, 0));
        double dot = 0;
        for (int i = 0; i < 2; i++) {
            dot += qkv[1 * 12 + 2 + i] * qkv[3 * 12 + 4 + 2 + i]; // sample 0, head 1, query token 1, key token 3
        }
        assertThat(logits[(1 * 5 + 1) * 5 + 3]).isCloseTo(dot / Math.sqrt(2), within(1e-12));
        double mean = Arrays.stream(logits).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(logits).map(v -> (v - mean) * (v - mean)).average().orElseThrow());
        assertThat(trace.attentionLogitStd(3)).isCloseTo(std, within(1e-12));
    }

    @Test
    void stagesAreThePatchEmbeddingTheFourProjectionsOfEveryBlockAndTheHead() {
        HostNetwork host = new HostNetwork(ModelSpec.parse("vit:1x4x4-p2-d4-h2-L2-ff6-3"), 1);
        assertThat(host.stages()).extracting(Stage::description).containsExactly(
                "conv2x2 1->4 s2 + class token + positions", "block 1 attention: in_proj 4->12",
                "block 1 attention: out_proj 4->4", "block 1 feed-forward: linear1 4->6",
                "block 1 feed-forward: linear2 6->4", "block 2 attention: in_proj 4->12",
                "block 2 attention: out_proj 4->4", "block 2 feed-forward: linear1 4->6",
                "block 2 feed-forward: linear2 6->4", "dense 4->3");
        assertThat(host.stages()).extracting(Stage::weightPath).containsExactly("0.weight",
                "3.self_attn.in_proj_weight", "3.self_attn.out_proj.weight", "3.linear1.weight", "3.linear2.weight",
                "4.self_attn.in_proj_weight", "4.self_attn.out_proj.weight", "4.linear1.weight", "4.linear2.weight",
                "7.weight");
        assertThat(host.stages().get(5).biasPath()).isEqualTo("4.self_attn.in_proj_bias");
        assertThat(host.stages().get(3).activation()).isEqualTo(Activation.GELU);
        assertThat(host.stages().get(3).activationSite()).contains(new LayerSite(3, LayerSite.Segment.FEED_FORWARD,
                1));
        assertThat(host.stages().get(2).site().path()).isEqualTo("3.self_attn.out_proj");
    }

    @Test
    void everyStageGetsItsGradientsOnceLastStageFirstAndPreActivationsMatchTheFullPass() {
        Network network = ModelSpec.parse("vit:1x4x4-p2-d4-h2-L2-ff6-post-3");
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network, 1);
        float[] x = HostChecks.inputs(BATCH, 16);
        HostTrace trace = host.forward(params::values, x, BATCH);
        Map<String, double[]> byPath = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        host.backward(trace, params::values, LABELS, (s, dx, dw, db) -> {
            Stage stage = host.stages().get(s);
            assertThat(dw).isSameAs(byPath.get(stage.weightPath())).hasSize(stage.weightCount());
            assertThat(db).isSameAs(byPath.get(stage.biasPath())).hasSize(stage.units());
            assertThat(dx).as("stage %d output gradient", s).hasSameSizeAs(trace.activation(s));
            order.add(s);
        }, byPath::put);
        assertThat(order).containsExactly(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
        for (int s = 0; s < host.stages().size(); s++) {
            assertThat(host.preActivations(params::values, x, BATCH, s)).as("stage %d", s)
                    .containsExactly(trace.preActivation(s));
        }
    }

    @Test
    void lsuvGivesEveryProjectionOfAVitUnitVariance() {
        Network network = ModelSpec.parse("vit:1x8x8-p4-d8-h2-L2-3");
        float[] x = HostChecks.inputs(32, 64);
        Dataset probe = Dataset.of("probe", x, new int[32], List.of(64), 3);
        ParameterSet params = InitializationPlan.of(registry.resolve("lsuv(pre=orthogonal)"),
                registry.resolve("zeros")).materialize(network, 5, probe);
        HostNetwork host = new HostNetwork(network, 1);
        for (Stage stage : host.stages()) {
            double[] z = host.preActivations(params::values, x, 32, stage.index());
            double mean = Arrays.stream(z).average().orElseThrow();
            double variance = Arrays.stream(z).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
            assertThat(variance).as(stage.description()).isCloseTo(1, within(0.1));
        }
    }
}
