package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;
import org.initlab.spi.TensorShape;
import org.initlab.testkit.initializers.ResidualNetworks;
import org.initlab.testkit.initializers.TransformerNetworks;
import org.initlab.testkit.initializers.TransformerNetworks.NormPlacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact values of the transformer initializers on the kit's ViT ({@link TransformerNetworks}: width {@code D = 8},
 * feed-forward width {@code F = 16}, 4x4 patches of one channel, 10 classes, 6 blocks, so {@code N = 6} layers and
 * 12 residual branches): every element is recomputed here from the same generator and the formula written out
 * independently of the code under test; Kolmogorov-Smirnov tests for the laws; the refusals of networks they do
 * not fit.
 */
class TransformerInitializersTest {
    private static final int D = 8;
    private static final int F = 16;
    private static final int LAYERS = 6;
    private static final long SEED = 20_260_101L;
    private static final List<ParameterSpec> PRE = TransformerNetworks.vit(LAYERS, NormPlacement.PRE, 1);
    private static final List<ParameterSpec> POST_DEEPNORM = TransformerNetworks.vit(LAYERS, NormPlacement.POST,
            Math.pow(2 * LAYERS, 0.25));
    private static final List<ParameterSpec> NO_NORM = TransformerNetworks.vit(LAYERS, NormPlacement.NONE, 1);

    private static ParameterSpec parameter(List<ParameterSpec> network, String path) {
        return network.stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow();
    }

    private static float[] fill(String spec, List<ParameterSpec> network, String path) {
        Initializer initializer = Catalogue.create(spec);
        if (initializer instanceof StructureAwareInitializer aware) {
            aware.checkNetwork(network);
        }
        return Catalogue.sample(initializer, parameter(network, path), SEED);
    }

    private static SeededRandom random(String path) {
        return SeededRandom.of(SEED).fork(path);
    }

    /** Asserts every element equals {@code (float) next()} of the formula, in row-major order. */
    private static void assertElements(float[] values, DoubleSupplier next, String what) {
        for (int i = 0; i < values.length; i++) {
            assertThat(values[i]).as("%s element %d", what, i).isCloseTo((float) next.getAsDouble(), within(1e-9f));
        }
    }

    /** Asserts the values are {@code std * z} for the path's Gaussian stream, row blocks of {@code D} rows by std. */
    private static void assertNormalRows(float[] values, String path, int columns, double... stds) {
        SeededRandom r = random(path);
        for (int i = 0; i < values.length; i++) {
            double std = stds[Math.min(i / columns / D, stds.length - 1)];
            double x = std * r.nextGaussian();
            assertThat((double) values[i]).as("%s element %d", path, i).isCloseTo(x, within(ulp(x)));
        }
    }

    /** Asserts the values are {@code U[-b, b)} for the path's stream, row blocks of {@code D} rows by bound. */
    private static void assertUniformRows(float[] values, String path, int columns, double... bounds) {
        SeededRandom r = random(path);
        for (int i = 0; i < values.length; i++) {
            double b = bounds[Math.min(i / columns / D, bounds.length - 1)];
            double x = -b + 2 * b * r.nextDouble();
            assertThat((double) values[i]).as("%s element %d", path, i).isCloseTo(x, within(ulp(x)))
                    .isBetween(-b, b);
        }
    }

    /** One float ulp of {@code x}: the rounding of a value computed with the same doubles in another order. */
    private static double ulp(double x) {
        return Math.ulp((float) x);
    }

    private static double ks(float[] values, ContinuousDistribution law) {
        return KolmogorovSmirnovTest.withDefaults().test(Catalogue.toDoubles(values), law::cumulativeProbability)
                .getPValue();
    }

    /** The values of one path across all 6 blocks ({@code 3..8}), concatenated. */
    private static float[] allBlocks(String spec, List<ParameterSpec> network, String suffix) {
        float[][] parts = new float[LAYERS][];
        int n = 0;
        for (int b = 0; b < LAYERS; b++) {
            parts[b] = fill(spec, network, (3 + b) + "." + suffix);
            n += parts[b].length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Test
    void gpt2DrawsEveryWeightFromN002AndTheResidualProjectionsFromN002OverSqrt2N() {
        double scaled = 0.02 / Math.sqrt(2 * LAYERS);
        assertNormalRows(fill("gpt2", PRE, "4.self_attn.out_proj.weight"), "4.self_attn.out_proj.weight", D, scaled);
        assertNormalRows(fill("gpt2", PRE, "4.linear2.weight"), "4.linear2.weight", F, scaled);
        assertNormalRows(fill("gpt2", PRE, "4.self_attn.in_proj_weight"), "4.self_attn.in_proj_weight", D, 0.02);
        assertNormalRows(fill("gpt2", PRE, "4.linear1.weight"), "4.linear1.weight", D, 0.02);
        assertNormalRows(fill("gpt2", PRE, "0.weight"), "0.weight", 16, 0.02);
        assertNormalRows(fill("gpt2", PRE, "1.class_token"), "1.class_token", D, 0.02);
        assertNormalRows(fill("gpt2", PRE, "2.pos_embedding"), "2.pos_embedding", D, 0.02);
        assertNormalRows(fill("gpt2", PRE, "11.weight"), "11.weight", D, 0.02);
        assertNormalRows(fill("gpt2(std=0.01)", PRE, "3.linear2.weight"), "3.linear2.weight", F, 0.01 / Math.sqrt(12));

        assertThat(fill("gpt2", PRE, "4.self_attn.in_proj_bias")).containsOnly(0f);
        assertThat(fill("gpt2", PRE, "4.norm1.weight")).containsOnly(1f);
        assertThat(fill("gpt2", PRE, "10.bias")).as("final norm shift").containsOnly(0f);
        StructureAwareInitializer gpt2 = (StructureAwareInitializer) Catalogue.create("gpt2");
        assertThat(PRE.stream().filter(gpt2::claims).map(ParameterSpec::path))
                .containsExactly("1.class_token", "2.pos_embedding");
        assertThat(gpt2.expectedStd(parameter(PRE, "8.linear2.weight")).getAsDouble()).isCloseTo(scaled, within(1e-15));
    }

    @Test
    void gpt2sResidualProjectionsFollowTheScaledNormalAndNotTheUnscaledOne() {
        float[] projections = allBlocks("gpt2", PRE, "self_attn.out_proj.weight");
        assertThat(ks(projections, NormalDistribution.of(0, 0.02 / Math.sqrt(12)))).isGreaterThan(1e-4);
        assertThat(ks(projections, NormalDistribution.of(0, 0.02))).as("negative control").isLessThan(1e-4);
    }

    @Test
    void bertIsANormalTruncatedAtTwoStandardDeviationsSampledByInversion() {
        NormalDistribution unit = NormalDistribution.of(0, 1);
        double low = unit.cumulativeProbability(-2);
        double high = unit.cumulativeProbability(2);
        for (String path : List.of("4.self_attn.in_proj_weight", "2.pos_embedding", "1.class_token", "0.weight")) {
            float[] values = fill("bert", PRE, path);
            SeededRandom r = random(path);
            for (int i = 0; i < values.length; i++) {
                double x = 0.02 * unit.inverseCumulativeProbability(low + (high - low) * r.nextDouble());
                assertThat((double) values[i]).as("%s element %d", path, i).isCloseTo(x, within(2 * ulp(x)))
                        .isBetween(-0.04, 0.04);
            }
        }
        float[] all = allBlocks("bert", PRE, "linear1.weight");
        assertThat(ks(all, TruncatedNormalDistribution.of(0, 0.02, -0.04, 0.04))).isGreaterThan(1e-4);
        double std = Math.sqrt(Arrays.stream(Catalogue.toDoubles(all)).map(x -> x * x).sum() / all.length);
        assertThat(std).as("sample std of %d values: the truncated law's 0.8796 * 0.02, not 0.02", all.length)
                .isCloseTo(0.8796 * 0.02, within(0.05 * 0.8796 * 0.02));
        assertThat(fill("bert", PRE, "4.linear1.bias")).containsOnly(0f);
        assertThat(fill("bert", PRE, "4.norm2.weight")).containsOnly(1f);
        assertThat(fill("bert", PRE, "4.norm2.bias")).containsOnly(0f);
        StructureAwareInitializer bert = (StructureAwareInitializer) Catalogue.create("bert");
        assertThat(PRE.stream().filter(bert::claims).map(ParameterSpec::path))
                .as("embeddings claimed; the layer norms already start at 1 and 0")
                .containsExactly("1.class_token", "2.pos_embedding");
        assertThat(bert.expectedStd(parameter(PRE, "0.weight")).getAsDouble()).isCloseTo(0.8796 * 0.02, within(1e-6));
    }

    @Test
    void bertEqualsTruncNormalWithTwoSigmaBoundsBitForBit() {
        ParameterSpec p = parameter(PRE, "5.linear2.weight");
        assertThat(Catalogue.sample("bert", p, SEED))
                .containsExactly(Catalogue.sample("trunc-normal(std=0.02, a=-0.04, b=0.04)", p, SEED));
    }

    @Test
    void pytorchDefaultIsMultiheadAttentionsResetParameters() {
        Initializer init = Catalogue.create("pytorch-default");
        ParameterSpec inProj = parameter(PRE, "4.self_attn.in_proj_weight");
        // xavier_uniform_ on [3D, D]: fan_in D, fan_out 3D
        assertUniformRows(Catalogue.sample(init, inProj, SEED), inProj.path(), D, Math.sqrt(6.0 / (D + 3 * D)));
        // nn.Linear defaults: U(+-1/sqrt(fan_in)) for out_proj.weight, linear1, linear2 and the linear biases
        for (String path : List.of("4.self_attn.out_proj.weight", "4.linear1.weight", "4.linear1.bias")) {
            assertUniformRows(Catalogue.sample(init, parameter(PRE, path), SEED), path, D, 1 / Math.sqrt(D));
        }
        assertUniformRows(Catalogue.sample(init, parameter(PRE, "4.linear2.weight"), SEED), "4.linear2.weight", F,
                1 / Math.sqrt(F));
        assertUniformRows(Catalogue.sample(init, parameter(PRE, "4.linear2.bias"), SEED), "4.linear2.bias", D,
                1 / Math.sqrt(F));
        // constant_(in_proj_bias, 0.), constant_(out_proj.bias, 0.)
        assertThat(Catalogue.sample(init, parameter(PRE, "4.self_attn.in_proj_bias"), SEED)).containsOnly(0f);
        assertThat(Catalogue.sample(init, parameter(PRE, "4.self_attn.out_proj.bias"), SEED)).containsOnly(0f);
        assertThat(init.expectedStd(parameter(PRE, "4.self_attn.out_proj.bias")).getAsDouble()).isZero();
        assertThat(init.expectedStd(inProj).getAsDouble()).isCloseTo(Math.sqrt(2.0 / (4 * D)), within(1e-15));
    }

    @Test
    void pytorchDefaultsInProjectionFollowsXavierOnTheFusedTensorAndNotTheLinearDefault() {
        float[] all = allBlocks("pytorch-default", PRE, "self_attn.in_proj_weight");
        double bound = Math.sqrt(6.0 / (4 * D));
        assertThat(ks(all, UniformContinuousDistribution.of(-bound, bound))).isGreaterThan(1e-4);
        double linear = 1 / Math.sqrt(D);
        assertThat(ks(all, UniformContinuousDistribution.of(-linear, linear))).as("negative control").isLessThan(1e-4);
    }

    @Test
    void aQkvAliasRuleGetsItsRowsOfTheFusedLaw() {
        ParameterSpec v = ParameterSpec.weight("4.attn.v.weight", TensorShape.of(D, D), LayerKind.DENSE,
                Nonlinearity.LINEAR).withPlacement(parameter(NO_NORM, "4.self_attn.in_proj_weight").placement().get());
        assertUniformRows(Catalogue.sample("pytorch-default", v, SEED), v.path(), D, Math.sqrt(6.0 / (4 * D)));
        assertUniformRows(Catalogue.sample("t-fixup", v, SEED), v.path(), D,
                0.67 * Math.pow(LAYERS, -0.25) * Math.sqrt(6.0 / (2 * D)));
        assertNormalRows(Catalogue.sample("deepnorm", v, SEED), v.path(), D,
                Math.pow(8 * LAYERS, -0.25) / Math.sqrt(D));
        assertThat(Catalogue.sample("pytorch-default", ParameterSpec.bias("4.attn.k.bias", D, TensorShape.of(D, D),
                LayerKind.DENSE, Nonlinearity.LINEAR), SEED)).containsOnly(0f);
    }

    @Test
    void tFixupScalesValueOutputAndFeedForwardWeightsAndTheInputEmbeddings() {
        double encoder = 0.67 * Math.pow(LAYERS, -0.25);
        double embedding = Math.pow(9 * LAYERS, -0.25);
        String inProj = "5.self_attn.in_proj_weight";
        // q, k: fairseq's xavier_uniform_(gain=1/sqrt(2)) on [D, D]; v: xavier (gain 1) x 0.67 N^(-1/4)
        double qk = Math.sqrt(0.5) * Math.sqrt(6.0 / (2 * D));
        assertUniformRows(fill("t-fixup", NO_NORM, inProj), inProj, D, qk, qk, encoder * Math.sqrt(6.0 / (2 * D)));
        assertUniformRows(fill("t-fixup", NO_NORM, "5.self_attn.out_proj.weight"), "5.self_attn.out_proj.weight", D,
                encoder * Math.sqrt(6.0 / (2 * D)));
        assertUniformRows(fill("t-fixup", NO_NORM, "5.linear1.weight"), "5.linear1.weight", D,
                encoder * Math.sqrt(6.0 / (D + F)));
        assertUniformRows(fill("t-fixup", NO_NORM, "5.linear2.weight"), "5.linear2.weight", F,
                encoder * Math.sqrt(6.0 / (D + F)));
        assertUniformRows(fill("t-fixup", NO_NORM, "10.weight"), "10.weight", D, Math.sqrt(6.0 / (D + 10)));
        // patch embedding N(0, 1/fan_in) x (9N)^(-1/4), fan_in = 1 * 4 * 4; class token N(0, 1) x (9N)^(-1/4);
        // positions N(0, 1/D), not rescaled
        assertNormalRows(fill("t-fixup", NO_NORM, "0.weight"), "0.weight", 16, embedding / 4);
        assertNormalRows(fill("t-fixup", NO_NORM, "1.class_token"), "1.class_token", D, embedding);
        assertNormalRows(fill("t-fixup", NO_NORM, "2.pos_embedding"), "2.pos_embedding", D, 1 / Math.sqrt(D));
        assertThat(fill("t-fixup", NO_NORM, "5.linear1.bias")).containsOnly(0f);
        assertThat(fill("t-fixup", NO_NORM, "0.bias")).containsOnly(0f);
        StructureAwareInitializer tFixup = (StructureAwareInitializer) Catalogue.create("t-fixup");
        assertThat(NO_NORM.stream().filter(tFixup::claims).map(ParameterSpec::path))
                .containsExactly("1.class_token", "2.pos_embedding");
    }

    @Test
    void tFixupsValueRowsFollowTheScaledXavierLawAndNotTheUnscaledOne() {
        float[] all = allBlocks("t-fixup", NO_NORM, "self_attn.in_proj_weight");
        float[] v = new float[LAYERS * D * D];
        for (int b = 0; b < LAYERS; b++) {
            System.arraycopy(all, b * 3 * D * D + 2 * D * D, v, b * D * D, D * D);
        }
        double bound = 0.67 * Math.pow(LAYERS, -0.25) * Math.sqrt(6.0 / (2 * D));
        assertThat(ks(v, UniformContinuousDistribution.of(-bound, bound))).isGreaterThan(1e-4);
        double xavier = Math.sqrt(6.0 / (2 * D));
        assertThat(ks(v, UniformContinuousDistribution.of(-xavier, xavier))).as("negative control").isLessThan(1e-4);
    }

    @Test
    void deepNormUsesXavierNormalWithGainBetaForValueOutputAndFeedForwardAndGainOneForQueryAndKey() {
        double beta = Math.pow(8 * LAYERS, -0.25);
        String inProj = "6.self_attn.in_proj_weight";
        double square = Math.sqrt(2.0 / (2 * D));
        assertNormalRows(fill("deepnorm", POST_DEEPNORM, inProj), inProj, D, square, square, beta * square);
        assertNormalRows(fill("deepnorm", POST_DEEPNORM, "6.self_attn.out_proj.weight"), "6.self_attn.out_proj.weight",
                D, beta * square);
        assertNormalRows(fill("deepnorm", POST_DEEPNORM, "6.linear1.weight"), "6.linear1.weight", D,
                beta * Math.sqrt(2.0 / (D + F)));
        assertNormalRows(fill("deepnorm", POST_DEEPNORM, "6.linear2.weight"), "6.linear2.weight", F,
                beta * Math.sqrt(2.0 / (D + F)));
        assertNormalRows(fill("deepnorm", POST_DEEPNORM, "10.weight"), "10.weight", D, Math.sqrt(2.0 / (D + 10)));
        assertThat(fill("deepnorm", POST_DEEPNORM, "6.norm1.weight")).containsOnly(1f);
        assertThat(fill("deepnorm", POST_DEEPNORM, "6.linear2.bias")).containsOnly(0f);
        StructureAwareInitializer deepnorm = (StructureAwareInitializer) Catalogue.create("deepnorm");
        assertThat(POST_DEEPNORM.stream().filter(deepnorm::claims)).as("embeddings keep torchvision's starts").isEmpty();
        assertThat(fill("deepnorm", POST_DEEPNORM, "1.class_token")).containsOnly(0f);
        assertNormalRows(fill("deepnorm", POST_DEEPNORM, "2.pos_embedding"), "2.pos_embedding", D, 0.02);
        assertThat(DeepNormInitializer.alpha(6)).isCloseTo(Math.sqrt(Math.sqrt(12)), within(1e-15));
    }

    @Test
    void deepNormAcceptsItsAlphaWithinTheToleranceAndRefusesAnyOtherShortcut() {
        StructureAwareInitializer deepnorm = (StructureAwareInitializer) Catalogue.create("deepnorm");
        double alpha = Math.pow(12, 0.25);
        deepnorm.checkNetwork(TransformerNetworks.vit(LAYERS, NormPlacement.POST, alpha + 5e-10));
        assertThatIllegalArgumentException().isThrownBy(() -> deepnorm.checkNetwork(
                        TransformerNetworks.vit(LAYERS, NormPlacement.POST, 1)))
                .withMessage("deepnorm needs post-LN blocks whose shortcut is multiplied by DeepNet's alpha = (2N)^(1/4)"
                        + " = " + SpecText.number(alpha) + " for N = 6 layers: add -post-deepnorm to the vit spec, as in "
                        + "vit:1x28x28-p7-d64-h4-L6-post-deepnorm-10 (3.self_attn.in_proj_weight sits in a block "
                        + "whose shortcut is multiplied by 1)");
        assertThatIllegalArgumentException().isThrownBy(() -> deepnorm.checkNetwork(
                        TransformerNetworks.vit(LAYERS, NormPlacement.PRE, alpha)))
                .withMessageEndingWith("(it has a layer norm after its blocks (10.weight), so they are pre-LN)");
        assertThatIllegalArgumentException().isThrownBy(() -> deepnorm.checkNetwork(
                        TransformerNetworks.vit(LAYERS, NormPlacement.NONE, alpha)))
                .withMessageEndingWith("(its blocks have no layer norms)");
    }

    @Test
    void tFixupRefusesLayerNormsInTheBlocks() {
        StructureAwareInitializer tFixup = (StructureAwareInitializer) Catalogue.create("t-fixup");
        assertThatIllegalArgumentException().isThrownBy(() -> tFixup.checkNetwork(POST_DEEPNORM))
                .withMessage("t-fixup needs transformer blocks without layer norms (T-Fixup replaces them): add "
                        + "-nonorm to the vit spec, as in vit:1x28x28-p7-d64-h4-L6-nonorm-10 (3.norm1.weight is a "
                        + "layer norm in a residual branch)");
    }

    @Test
    void smallEmbeddingStartsTheEmbeddingsTinyAndLeavesTheRestToItsBase() {
        for (String path : List.of("0.weight", "1.class_token", "2.pos_embedding")) {
            SeededRandom r = random(path);
            assertElements(fill("small-embedding", PRE, path), () -> r.nextUniform(-1e-4, 1e-4), path);
            SeededRandom r3 = random(path);
            assertElements(fill("small-embedding(scale=0.001)", PRE, path), () -> r3.nextUniform(-1e-3, 1e-3), path);
        }
        ParameterSpec inProj = parameter(PRE, "4.self_attn.in_proj_weight");
        assertThat(fill("small-embedding", PRE, inProj.path()))
                .containsExactly(Catalogue.sample("xavier-uniform", inProj, SEED));
        assertThat(fill("small-embedding(base=he-normal)", PRE, "11.weight"))
                .containsExactly(Catalogue.sample("he-normal", parameter(PRE, "11.weight"), SEED));
        assertThat(fill("small-embedding", PRE, "4.norm1.weight")).containsOnly(1f);
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("small-embedding(base=gpt2)"))
                .withMessageContaining("must be a plain initializer");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("small-embedding(scale=0)"))
                .withMessage("option 'scale' of small-embedding must be > 0, got 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "bert", "t-fixup", "deepnorm", "small-embedding"})
    void aTransformerInitializerOnAnMlpFailsInOneLineNamingItselfAndWhatIsMissing(String name) {
        StructureAwareInitializer initializer = (StructureAwareInitializer) Catalogue.create(name);
        assertThatIllegalArgumentException().isThrownBy(() -> initializer.checkNetwork(ResidualNetworks.plainMlp()))
                .satisfies(e -> assertThat(e.getMessage()).startsWith(name + " needs a ").doesNotContain("\n")
                        .contains("vit:1x28x28-p7-d64-h4-L6-"));
        if (!List.of("gpt2", "bert").contains(name)) {
            assertThatIllegalArgumentException().as("%s on a residual MLP", name)
                    .isThrownBy(() -> initializer.checkNetwork(ResidualNetworks.residualMlp(3, true, false)))
                    .satisfies(e -> assertThat(e.getMessage()).startsWith(name + " needs a "));
        }
    }

    @Test
    void gpt2OnAnMlpSaysWhatToUseInstead() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ((StructureAwareInitializer) Catalogue.create("gpt2"))
                        .checkNetwork(ResidualNetworks.plainMlp()))
                .withMessage("gpt2 needs a network with residual blocks (e.g. vit:1x28x28-p7-d64-h4-L6-10, or "
                        + "normal(std=0.02) for a network without them); this one has none");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ((StructureAwareInitializer) Catalogue.create("t-fixup"))
                        .checkNetwork(ResidualNetworks.plainMlp()))
                .withMessage("t-fixup needs a transformer (attention blocks, e.g. vit:1x28x28-p7-d64-h4-L6-nonorm-10); "
                        + "this network has no self_attn.in_proj_weight");
    }

    @Test
    void theStatedStdOfAFusedProjectionIsTheRootMeanSquareOfItsRows() {
        ParameterSpec inProj = parameter(NO_NORM, "3.self_attn.in_proj_weight");
        double encoder = 0.67 * Math.pow(LAYERS, -0.25);
        double qk = Math.sqrt(0.5) * Math.sqrt(2.0 / (2 * D));
        double v = encoder * Math.sqrt(2.0 / (2 * D));
        assertThat(Catalogue.create("t-fixup").expectedStd(inProj).getAsDouble())
                .isCloseTo(Math.sqrt((2 * qk * qk + v * v) / 3), within(1e-15));
        float[] values = fill("t-fixup", NO_NORM, inProj.path());
        double[] rows = new double[3];
        for (int i = 0; i < values.length; i++) {
            rows[i / (D * D)] = Math.max(rows[i / (D * D)], Math.abs(values[i]));
        }
        assertThat(rows[2]).as("largest |v|").isLessThan(rows[0]);
        assertThat(Arrays.stream(rows).max().getAsDouble()).isLessThan(Math.sqrt(3) * qk);
    }
}
