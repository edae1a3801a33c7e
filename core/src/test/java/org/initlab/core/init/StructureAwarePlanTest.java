package org.initlab.core.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.initlab.core.data.Dataset;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * Structure-aware initializers through {@link InitializationPlan}, on networks parsed from model specs: what a
 * plan hands them (kernels, and the gates and scalar biases they claim) and the refusal of a network without
 * residual blocks on both materialize paths (compare's early check and a trial's or inspect's with a probe).
 */
class StructureAwarePlanTest {
    private static final String FIXUP_NET = "mlp:8-4-[4-4-fixup]x3-3";
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    private InitializationPlan plan(String weights) {
        return InitializationPlan.of(registry.resolve(weights), registry.resolve("zeros"));
    }

    /** {@code (float) (std * z)} for the Gaussians of a parameter's stream, as the plan forks it. */
    private static float[] normal(long seed, String path, int n, double std) {
        SeededRandom random = SeededRandom.of(seed).fork("init").fork(path);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (0 + std * random.nextGaussian());
        }
        return values;
    }

    @Test
    void fixupOnAResidualMlpGivesTheExactZerosOnesAndRescaledHeKernels() {
        Network net = ModelSpec.parse(FIXUP_NET);
        ParameterSet p = plan("fixup").materialize(net, 5);

        // block branch: 0 bias, 1 dense, 2 bias, 3 relu, 4 bias, 5 dense, 6 alpha, 7 bias; classifier is layer 5
        assertThat(p.paths()).contains("2.branch.0.bias", "2.branch.1.weight", "2.branch.5.weight",
                "2.branch.6.alpha", "2.branch.7.bias", "5.weight");
        assertThat(p.values("0.weight")).containsExactly(normal(5, "0.weight", 32, Math.sqrt(2) / Math.sqrt(8)));
        assertThat(p.values("5.weight")).hasSize(12).containsOnly(0f);
        assertThat(p.values("5.bias")).containsOnly(0f);
        for (int block = 2; block <= 4; block++) {
            String b = block + ".branch.";
            // m = 2 weighted layers, L = 3 branches: He (fan_in 4, relu) x 3^(-1/2)
            assertThat(p.values(b + "1.weight")).as(b + "1.weight")
                    .containsExactly(normal(5, b + "1.weight", 16, Math.sqrt(2) / Math.sqrt(4) * Math.pow(3, -0.5)));
            assertThat(p.values(b + "5.weight")).as(b + "5.weight").hasSize(16).containsOnly(0f);
            assertThat(p.values(b + "6.alpha")).as(b + "6.alpha").containsExactly(1f);
            for (String bias : List.of("0.bias", "2.bias", "4.bias", "7.bias", "1.bias", "5.bias")) {
                assertThat(p.values(b + bias)).as(b + bias).containsOnly(0f);
            }
        }
    }

    @Test
    void skipinitStartsTheGatesAtZeroWhereAPlainPlanStartsThemAtOne() {
        Network net = ModelSpec.parse("mlp:8-4-[4-4-alpha]x3-3");
        ParameterSet skip = plan("skipinit").materialize(net, 2);
        ParameterSet plain = plan("he-normal").materialize(net, 2);

        for (int block = 2; block <= 4; block++) {
            assertThat(skip.values(block + ".branch.3.alpha")).containsExactly(0f);
            assertThat(plain.values(block + ".branch.3.alpha")).containsExactly(1f);
            assertThat(skip.values(block + ".branch.2.weight")).containsExactly(plain.values(block + ".branch.2.weight"));
        }
    }

    @Test
    void zeroGammaZeroesTheLastBatchNormScaleOfEachBlockOfAResNet() {
        Network net = ModelSpec.parse("cnn:1x8x8-c4k3p1-bn-[c4k3p1-bn-c4k3p1-bn]x2-[c8k3s2p1-bn-c8k3p1-bn]-gap-10:relu");
        ParameterSet p = plan("zero-gamma").materialize(net, 1);

        List<String> zeroed = p.paths().stream().filter(path -> path.endsWith(".weight")
                && p.values(path).length > 0 && allZero(p.values(path))).toList();
        // the last bn of each branch (branch index 4: conv, bn, relu, conv, bn); the projection's bn is not touched
        assertThat(zeroed).containsExactly("3.branch.4.weight", "4.branch.4.weight", "5.branch.4.weight");
        assertThat(p.values("3.branch.1.weight")).containsOnly(1f);
        assertThat(p.values("5.shortcut.1.weight")).containsOnly(1f);
    }

    private static boolean allZero(float[] values) {
        for (float v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void fixupOnANetworkWithoutResidualBlocksIsOneLineOnEveryMaterializePath() {
        Network plainNet = ModelSpec.parse("mlp:8-4-10");
        String message = "fixup does not fit " + plainNet.spec() + ": fixup needs a network with residual blocks "
                + "(e.g. mlp:784-256-[256-256-fixup]x16-10); this one has none";
        Dataset probe = Dataset.of("probe", new float[16], new int[2], List.of(8), 10);

        assertThatIllegalArgumentException().isThrownBy(() -> plan("fixup").materialize(plainNet, 0))
                .withMessage(message);
        assertThatIllegalArgumentException().isThrownBy(() -> plan("fixup").materialize(plainNet, 0, probe, 1))
                .withMessage(message);
        assertThatIllegalArgumentException().isThrownBy(() -> plan("fixup").checkStructure(plainNet))
                .withMessage(message);
    }

    @Test
    void theExampleSpecsInTheMessagesParseAndFitTheirInitializers() {
        for (String[] c : new String[][] {{"fixup", "mlp:784-256-[256-256-fixup]x16-10"},
                {"skipinit", "mlp:784-256-[256-256-alpha]x16-10"}, {"rezero", "mlp:784-256-[256-256-alpha]x16-10"},
                {"zero-gamma", "cnn:1x28x28-c16k3p1-bn-[c16k3p1-bn-c16k3p1-bn]x3-gap-10"},
                {"residual-scaled", "mlp:784-256-[256-256]x16-10"}}) {
            plan(c[0]).checkStructure(ModelSpec.parse(c[1]));
        }
    }
}
