package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.StructureAwareInitializer;
import org.initlab.spi.TensorShape;
import org.initlab.testkit.initializers.ResidualNetworks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact values of the structure-aware initializers (fixup, skipinit, rezero, zero-gamma, residual-scaled) on
 * placed parameters, the laws of their random kernels, and their refusals of networks they do not fit. The
 * networks are the kit's {@link ResidualNetworks}: stem {@code 0}, blocks {@code 2..}, each branch
 * {@code branch.0} (dense), {@code branch.2} (dense, the last), {@code branch.3.alpha}; the classifier last.
 */
class ResidualInitializersTest {
    private static final List<ParameterSpec> GATED = ResidualNetworks.residualMlp(3, true, false);
    private static final List<ParameterSpec> NORMALIZED = ResidualNetworks.residualMlp(3, false, true);
    private static final long[] SEEDS = {1, 42, 20_260_101};

    private static Map<String, float[]> fill(String spec, List<ParameterSpec> network, long seed) {
        StructureAwareInitializer initializer = (StructureAwareInitializer) Catalogue.create(spec);
        initializer.checkNetwork(network);
        return network.stream().filter(p -> p.role() != ParameterRole.BIAS || p.placement().get().region()
                        == Placement.Region.SCALAR_BIAS)
                .collect(Collectors.toMap(ParameterSpec::path, p -> Catalogue.sample(initializer, p, seed)));
    }

    private static ParameterSpec spec(String path, List<ParameterSpec> network) {
        return network.stream().filter(p -> p.path().equals(path)).findFirst().orElseThrow();
    }

    /** A relu kernel [64, 128] in branch 0 of {@code blocks}, at {@code position} of {@code count} layers. */
    private static ParameterSpec branchKernel(int blocks, int position, int count) {
        return ParameterSpec.weight("5.branch.0.weight", TensorShape.of(64, 128), LayerKind.DENSE,
                Nonlinearity.of("relu")).withPlacement(new Placement(Placement.Region.BRANCH, 0, blocks, position,
                count, false));
    }

    @Test
    void fixupZeroesTheClassifierAndEachBranchsLastLayerAndStartsTheMultipliersAtOne() {
        Map<String, float[]> p = fill("fixup", GATED, 7);

        assertThat(p.get("5.weight")).as("classifier").containsOnly(0f);
        for (int block = 2; block <= 4; block++) {
            assertThat(p.get(block + ".branch.2.weight")).as("last layer of block %d", block).containsOnly(0f);
            assertThat(p.get(block + ".branch.3.alpha")).as("multiplier of block %d", block).containsExactly(1f);
            assertThat(p.get(block + ".branch.0.weight")).as("first layer of block %d", block).doesNotContain(0f);
        }
        assertThat(p.get("0.weight")).as("stem").doesNotContain(0f);
        StructureAwareInitializer fixup = (StructureAwareInitializer) Catalogue.create("fixup");
        assertThat(GATED.stream().filter(fixup::claims).map(ParameterSpec::path))
                .containsExactly("2.branch.3.alpha", "3.branch.3.alpha", "4.branch.3.alpha");
    }

    @Test
    void fixupStartsScalarBiasesAtZeroAndClaimsThem() {
        ParameterSpec bias = new ParameterSpec("2.branch.0.bias", ParameterRole.BIAS, TensorShape.of(1),
                LayerKind.OTHER, Nonlinearity.LINEAR, Optional.empty(),
                Optional.of(new Placement(Placement.Region.SCALAR_BIAS, 0, 3, 0, 4, false)));
        StructureAwareInitializer fixup = (StructureAwareInitializer) Catalogue.create("fixup");

        assertThat(fixup.claims(bias)).isTrue();
        assertThat(Catalogue.sample(fixup, bias, 1)).containsExactly(0f);
    }

    @Test
    void fixupsStemIsHeAndItsBranchKernelsAreHeTimesLToTheMinusOneOver2mMinus2() {
        // stem [8, 16] followed by relu: std sqrt(2) / sqrt(16); first branch layer [8, 8]: sqrt(2/8) * 3^(-1/2)
        Initializer fixup = Catalogue.create("fixup");
        assertThat(fixup.expectedStd(spec("0.weight", GATED)).getAsDouble()).isCloseTo(Math.sqrt(2.0 / 16), within(1e-15));
        assertThat(fixup.expectedStd(spec("2.branch.0.weight", GATED)).getAsDouble())
                .isCloseTo(Math.sqrt(2.0 / 8) / Math.sqrt(3), within(1e-15));
        assertThat(fixup.expectedStd(spec("2.branch.2.weight", GATED)).getAsDouble()).isZero();
        // the exponent -1/(2m-2): m = 2 gives L^(-1/2), m = 3 L^(-1/4), m = 4 L^(-1/6)
        assertThat(FixupInitializer.branchScale(16, 2)).isEqualTo(0.25);
        assertThat(FixupInitializer.branchScale(16, 3)).isEqualTo(0.5);
        assertThat(FixupInitializer.branchScale(64, 4)).isCloseTo(0.5, within(1e-15));
        assertThatIllegalArgumentException().isThrownBy(() -> FixupInitializer.branchScale(16, 1))
                .withMessageContaining("m >= 2");
        // bit for bit: the branch kernel is the He draw of the same stream with std scaled
        ParameterSpec kernel = branchKernel(16, 0, 3);
        float[] fixed = Catalogue.sample(fixup, kernel, 3);
        float[] he = Catalogue.sample("he-normal", kernel, 3);
        for (int i = 0; i < he.length; i++) {
            assertThat((double) fixed[i]).isCloseTo(0.5 * he[i], within(1e-6 * Math.abs(he[i]) + 1e-12));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixup", "fixup(mode=fan_out)"})
    void fixupsRescaledBranchKernelsFollowTheirNormalLaw(String spec) {
        ParameterSpec kernel = branchKernel(16, 1, 3);
        double fan = spec.contains("fan_out") ? 64 : 128;
        double std = Math.sqrt(2 / fan) * Math.pow(16, -0.25);
        for (long seed : SEEDS) {
            double[] x = Catalogue.toDoubles(Catalogue.sample(spec, kernel, seed));
            double p = KolmogorovSmirnovTest.withDefaults().test(x, NormalDistribution.of(0, std)::cumulativeProbability)
                    .getPValue();
            assertThat(p).as("%s, seed %d", spec, seed).isGreaterThan(1e-4);
            // a negative control: the unscaled He law is rejected
            double q = KolmogorovSmirnovTest.withDefaults()
                    .test(x, NormalDistribution.of(0, Math.sqrt(2 / fan))::cumulativeProbability).getPValue();
            assertThat(q).as("%s against unscaled He, seed %d", spec, seed).isLessThan(1e-4);
        }
    }

    @Test
    void skipinitStartsEveryGateAtAlphaAndLeavesTheKernelsToItsBase() {
        Map<String, float[]> p = fill("skipinit", GATED, 7);
        Map<String, float[]> small = fill("skipinit(alpha=0.125)", GATED, 7);

        for (int block = 2; block <= 4; block++) {
            assertThat(p.get(block + ".branch.3.alpha")).containsExactly(0f);
            assertThat(small.get(block + ".branch.3.alpha")).containsExactly(0.125f);
        }
        for (ParameterSpec kernel : GATED.stream().filter(k -> k.role() == ParameterRole.WEIGHT).toList()) {
            assertThat(p.get(kernel.path())).as(kernel.path()).containsExactly(Catalogue.sample("he-normal", kernel, 7));
        }
        StructureAwareInitializer skip = (StructureAwareInitializer) Catalogue.create("skipinit");
        assertThat(GATED.stream().filter(skip::claims).map(ParameterSpec::path))
                .containsExactly("2.branch.3.alpha", "3.branch.3.alpha", "4.branch.3.alpha");
    }

    @Test
    void rezeroStartsEveryGateAtZeroAndRefusesNormalization() {
        Map<String, float[]> p = fill("rezero(base=xavier-normal)", GATED, 3);
        assertThat(p.get("3.branch.3.alpha")).containsExactly(0f);
        assertThat(p.get("3.branch.2.weight")).containsExactly(Catalogue.sample("xavier-normal",
                spec("3.branch.2.weight", GATED), 3));

        List<ParameterSpec> withNorm = ResidualNetworks.residualMlp(2, true, true);
        StructureAwareInitializer rezero = (StructureAwareInitializer) Catalogue.create("rezero");
        assertThatIllegalArgumentException().isThrownBy(() -> rezero.checkNetwork(withNorm))
                .withMessage("rezero needs a network without normalization (the gate replaces it), but layer "
                        + "2.branch.1 is a normalization layer: remove bn, ln and rms from the model, or use skipinit");
    }

    @Test
    void zeroGammaZeroesTheLastNormalizationScaleOfEachBranchOnly() {
        StructureAwareInitializer zeroGamma = (StructureAwareInitializer) Catalogue.create("zero-gamma");
        zeroGamma.checkNetwork(NORMALIZED);
        // branch: 0 dense, 1 bn, 2 relu, 3 dense, 4 bn
        assertThat(NORMALIZED.stream().filter(zeroGamma::claims).map(ParameterSpec::path))
                .containsExactly("2.branch.4.weight", "3.branch.4.weight", "4.branch.4.weight");
        assertThat(Catalogue.sample(zeroGamma, spec("2.branch.4.weight", NORMALIZED), 1)).hasSize(8).containsOnly(0f);
        assertThat(Catalogue.sample(zeroGamma, spec("2.branch.1.weight", NORMALIZED), 1)).containsOnly(1f);
        assertThat(Catalogue.sample(zeroGamma, spec("2.branch.4.bias", NORMALIZED), 1)).containsOnly(0f);
        ParameterSpec kernel = spec("2.branch.3.weight", NORMALIZED);
        assertThat(Catalogue.sample(zeroGamma, kernel, 1)).containsExactly(Catalogue.sample("he-normal", kernel, 1));
    }

    @Test
    void residualScaledMultipliesOnlyTheLastKernelOfEachBranch() {
        Map<String, float[]> p = fill("residual-scaled", GATED, 11);
        Map<String, float[]> gpt = fill("residual-scaled(base=\"normal(std=0.02)\", exponent=0.5, branches_per_block=2)",
                GATED, 11);
        for (ParameterSpec kernel : GATED.stream().filter(k -> k.role() == ParameterRole.WEIGHT).toList()) {
            float[] he = Catalogue.sample("he-normal", kernel, 11);
            float[] normal = Catalogue.sample("normal(std=0.02)", kernel, 11);
            boolean last = kernel.path().endsWith("branch.2.weight");
            for (int i = 0; i < he.length; i++) {
                assertThat(p.get(kernel.path())[i]).as(kernel.path())
                        .isEqualTo(last ? (float) (he[i] / Math.sqrt(3)) : he[i]);
                assertThat(gpt.get(kernel.path())[i]).as(kernel.path())
                        .isEqualTo(last ? (float) (normal[i] * Math.pow(6, -0.5)) : normal[i]);
            }
        }
        assertThat(p.get("2.branch.3.alpha")).containsExactly(1f);
        ResidualScaledInitializer linear = (ResidualScaledInitializer) Catalogue.create("residual-scaled(exponent=1)");
        assertThat(linear.factor(4)).isEqualTo(0.25);
        assertThat(linear.expectedStd(spec("2.branch.2.weight", GATED)).getAsDouble())
                .isCloseTo(Math.sqrt(2.0 / 8) / 3, within(1e-15));
    }

    @Test
    void everyStructureAwareInitializerRefusesANetworkWithoutResidualBlocksInOneLine() {
        Map<String, String> examples = Map.of("fixup", "mlp:784-256-[256-256-fixup]x16-10",
                "skipinit", "mlp:784-256-[256-256-alpha]x16-10", "rezero", "mlp:784-256-[256-256-alpha]x16-10",
                "zero-gamma", "cnn:1x28x28-c16k3p1-bn-[c16k3p1-bn-c16k3p1-bn]x3-gap-10",
                "residual-scaled", "mlp:784-256-[256-256]x16-10");
        for (String name : Catalogue.STRUCTURE_AWARE) {
            StructureAwareInitializer initializer = (StructureAwareInitializer) Catalogue.create(name);
            assertThatIllegalArgumentException().isThrownBy(() -> initializer.checkNetwork(ResidualNetworks.plainMlp()))
                    .withMessage(name + " needs a network with residual blocks (e.g. " + examples.get(name)
                            + "); this one has none");
            assertThatIllegalArgumentException().isThrownBy(() -> initializer.checkNetwork(List.of()))
                    .withMessageStartingWith(name + " needs a network with residual blocks");
        }
    }

    @Test
    void theGatedInitializersRefuseBlocksWithoutAGate() {
        List<ParameterSpec> ungated = ResidualNetworks.residualMlp(3, false, false);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ((StructureAwareInitializer) Catalogue.create("skipinit")).checkNetwork(ungated))
                .withMessage("skipinit needs a gate in each residual branch: add alpha inside the brackets, as in "
                        + "[256-256-alpha] (no block has one)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ((StructureAwareInitializer) Catalogue.create("fixup")).checkNetwork(ungated))
                .withMessage("fixup needs a gate in each residual branch: add fixup (scalar biases and the multiplier) "
                        + "or alpha inside the brackets, as in [256-256-fixup] (no block has one)");
        List<ParameterSpec> partly = new ArrayList<>(GATED);
        partly.removeIf(p -> p.path().equals("3.branch.3.alpha"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ((StructureAwareInitializer) Catalogue.create("rezero")).checkNetwork(partly))
                .withMessageEndingWith("(residual block 1 of 3 has none)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ((StructureAwareInitializer) Catalogue.create("zero-gamma")).checkNetwork(GATED))
                .withMessage("zero-gamma needs a normalization layer in each residual branch: add bn after a layer "
                        + "inside the brackets, as in [c16k3p1-bn-c16k3p1-bn] (no block has one)");
        // residual-scaled needs blocks only
        ((StructureAwareInitializer) Catalogue.create("residual-scaled")).checkNetwork(ungated);
    }

    @Test
    void badOptionsAreOneLineErrorsNamingTheOption() {
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("skipinit(base=fixup)"))
                .withMessage("option 'base' of skipinit must be a plain initializer such as he-normal, got 'fixup', "
                        + "which is structure-aware itself");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("zero-gamma(base=lsuv)"))
                .withMessage("option 'base' of zero-gamma must be a plain initializer such as he-normal, got 'lsuv', "
                        + "which needs data");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("residual-scaled(exponent=-1)"))
                .withMessage("option 'exponent' of residual-scaled must be >= 0, got -1");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("residual-scaled(branches_per_block=0)"))
                .withMessage("option 'branches_per_block' of residual-scaled must be between 1 and 1000, got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("fixup(mode=fan_avg)"))
                .withMessageContaining("'mode' of fixup must be one of fan_in, fan_out");
    }
}
