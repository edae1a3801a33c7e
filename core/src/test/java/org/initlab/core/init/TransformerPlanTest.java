package org.initlab.core.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;
import org.junit.jupiter.api.Test;

/** A vision transformer's embeddings and fused q/k/v projection through {@link InitializationPlan}. */
class TransformerPlanTest {
    private static final String VIT = "vit:1x8x8-p4-d8-h2-L2-ff16-3";
    private static final int D = 8;
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
    private final Network network = ModelSpec.parse(VIT);

    private InitializationPlan plan(String weights, String... rules) {
        return new InitializationPlan(registry.resolve(weights), registry.resolve("zeros"),
                InitializationPlan.ParameterOverride.parseAll(List.of(rules), registry));
    }

    /** {@code (float) (std * z)} for the Gaussians of a path's stream, as the plan forks it. */
    private static float[] normal(long seed, String path, int n, double std) {
        SeededRandom random = SeededRandom.of(seed).fork("init").fork(path);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (std * random.nextGaussian());
        }
        return values;
    }

    @Test
    void embeddingsStartAsTorchvisionsWhateverTheWeightInitializer() {
        for (String weights : List.of("xavier-normal", "ones", "orthogonal")) {
            ParameterSet p = plan(weights).materialize(network, 7);
            assertThat(p.values("1.class_token")).as(weights).hasSize(D).containsOnly(0f);
            assertThat(p.values("2.pos_embedding")).as(weights).containsExactly(normal(7, "2.pos_embedding", 5 * D,
                    0.02));
            assertThat(plan(weights).initializerFor(p.find("2.pos_embedding").orElseThrow().spec()).spec())
                    .isEqualTo("normal(std=0.02)");
        }
        // the patch embedding is an ordinary convolution: the weight initializer fills it
        assertThat(plan("ones").materialize(network, 7).values("0.weight")).containsOnly(1f);
    }

    @Test
    void aRuleNamingAnEmbeddingWinsOverItsStart() {
        ParameterSet p = plan("xavier-normal", "*.pos_embedding=zeros", "1.class_token=normal(std=0.5)")
                .materialize(network, 3);
        assertThat(p.values("2.pos_embedding")).containsOnly(0f);
        assertThat(p.values("1.class_token")).containsExactly(normal(3, "1.class_token", D, 0.5));
    }

    @Test
    void aStructureAwareInitializerThatClaimsTheEmbeddingsFillsThem() {
        StructureAwareInitializer claiming = new StructureAwareInitializer() {
            @Override
            public void checkNetwork(List<ParameterSpec> parameters) {
            }

            @Override
            public boolean claims(ParameterSpec parameter) {
                return parameter.layerKind() == LayerKind.EMBEDDING;
            }

            @Override
            public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
                Arrays.fill(values, 0.25f);
            }
        };
        ParameterSet p = new InitializationPlan(new NamedInitializer("claiming", claiming), registry.resolve("zeros"),
                List.of()).materialize(network, 3);
        assertThat(p.values("1.class_token")).containsOnly(0.25f);
        assertThat(p.values("2.pos_embedding")).containsOnly(0.25f);
        assertThat(p.values("3.norm1.weight")).containsOnly(1f);
    }

    @Test
    void aQueryRuleFillsTheQueryRowsOfEveryFusedProjectionOnly() {
        ParameterSet plain = plan("xavier-uniform").materialize(network, 4);
        ParameterSet p = plan("xavier-uniform", "*.attn.q.weight=zeros", "3.attn.v.bias=ones").materialize(network,
                4);
        for (String block : List.of("3", "4")) {
            float[] fused = p.values(block + ".self_attn.in_proj_weight");
            float[] before = plain.values(block + ".self_attn.in_proj_weight");
            assertThat(Arrays.copyOfRange(fused, 0, D * D)).as(block).containsOnly(0f);
            assertThat(Arrays.copyOfRange(fused, D * D, 3 * D * D)).as(block)
                    .containsExactly(Arrays.copyOfRange(before, D * D, 3 * D * D));
        }
        float[] bias = p.values("3.self_attn.in_proj_bias");
        assertThat(Arrays.copyOfRange(bias, 0, 2 * D)).containsOnly(0f);
        assertThat(Arrays.copyOfRange(bias, 2 * D, 3 * D)).containsOnly(1f);
        assertThat(p.values("4.self_attn.in_proj_bias")).containsOnly(0f);
        assertThat(plan("xavier-uniform", "*.attn.q.weight=zeros").unmatchedOverrideWarnings(network)).isEmpty();
        assertThat(plan("xavier-uniform", "*.attn.q.weight=zeros").unmatchedOverrideWarnings(
                ModelSpec.parse("mlp:4-3-2"))).hasSize(1);
    }

    @Test
    void eachPartIsASquareMatrixWithItsOwnFansAndSeed() {
        ParameterSet p = plan("zeros", "*.attn.*.weight=orthogonal").materialize(network, 9);
        float[] fused = p.values("3.self_attn.in_proj_weight");
        for (int part = 0; part < 3; part++) {
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < D; j++) {
                    double dot = 0;
                    for (int k = 0; k < D; k++) {
                        dot += (double) fused[part * D * D + i * D + k] * fused[part * D * D + j * D + k];
                    }
                    assertThat(dot).as("part %d rows %d, %d", part, i, j).isCloseTo(i == j ? 1 : 0, within(1e-5));
                }
            }
        }
        assertThat(Arrays.copyOfRange(fused, 0, D * D)).isNotEqualTo(Arrays.copyOfRange(fused, D * D, 2 * D * D));
        // xavier-normal of a part has the fans of a [D, D] matrix: std sqrt(2 / (D + D)), seeded by the alias path
        ParameterSet x = plan("zeros", "*.attn.k.weight=xavier-normal").materialize(network, 9);
        assertThat(Arrays.copyOfRange(x.values("4.self_attn.in_proj_weight"), D * D, 2 * D * D))
                .containsExactly(normal(9, "4.attn.k.weight", D * D, Math.sqrt(2.0 / (D + D))));
    }

    @Test
    void aRuleThatAlsoMatchesTheFusedTensorFillsItWhole() {
        ParameterSet p = plan("zeros", "3.*=normal(std=1)").materialize(network, 2);
        assertThat(p.values("3.self_attn.in_proj_weight")).containsExactly(normal(2, "3.self_attn.in_proj_weight",
                3 * D * D, 1));
    }

    @Test
    void aDataDependentRuleOnAPartIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> plan("zeros", "*.attn.q.weight=lsuv")
                .materialize(network, 2)).withMessageContaining("3.attn.q.weight");
    }
}
