package org.initlab.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

/** The residual stream in {@link Inspector}: second moments per block against theory, and the verdicts. */
class ResidualStreamTest {
    private static final InitializerRegistry REGISTRY = InitializerRegistry.load(
            ResidualStreamTest.class.getClassLoader());

    private static Inspection inspect(String model, String init, List<String> rules) {
        Network network = ModelSpec.parse(model);
        InitializationPlan plan = new InitializationPlan(REGISTRY.resolve(init), REGISTRY.resolve("zeros"),
                InitializationPlan.ParameterOverride.parseAll(rules, REGISTRY));
        Dataset batch = ProbeBatches.gaussian(network.inputWidth(), network.outputWidth(), 256, SeededRandom.of(3));
        return Inspector.inspect(network, plan, 7, batch, 2);
    }

    @Test
    void heBranchesDoubleThePreActivationStreamPerBlockAsTheSumOfSecondMomentsPredicts() {
        Inspection inspection = inspect("mlp:32-128-pre[128-128]x6-10:relu", "he-normal", List.of());
        List<ResidualStreamStatistics> blocks = inspection.residualStream();
        assertThat(blocks).hasSize(6).extracting(ResidualStreamStatistics::name)
                .containsExactly("2", "3", "4", "5", "6", "7");
        double logGrowth = 0;
        for (ResidualStreamStatistics b : blocks) {
            assertThat(b.description()).isEqualTo("pre-activation, identity");
            // identity shortcut in pre-activation form: the output is the sum, the shortcut the input
            assertThat(b.shortcutSecondMoment()).isEqualTo(b.inputSecondMoment());
            assertThat(b.outputSecondMoment()).isEqualTo(b.sumSecondMoment());
            // E[x_{l+1}^2] = E[x_l^2] + E[F^2] up to the cross term, which independent weights keep small
            assertThat(b.sumSecondMoment() / b.predictedSumSecondMoment()).as("block %d", b.block())
                    .isCloseTo(1, within(0.1));
            logGrowth += Math.log(b.growth());
        }
        // the first block reads relu outputs (all >= 0), which its pre-activation relu keeps whole: E[F^2] =
        // 2 E[x^2], the stream triples; the branches add zero-mean noise, so later streams approach symmetry,
        // where relu keeps half of E[x^2] and He's gain 2 restores it: E[F^2] -> E[x^2], the stream doubles
        // (in expectation over the weights: one draw of width 128 scatters E[F^2]/E[x^2] by tens of percent)
        assertThat(blocks.get(0).branchRatio()).isCloseTo(2, within(0.3));
        double later = 0;
        for (ResidualStreamStatistics b : blocks.subList(1, blocks.size())) {
            assertThat(b.branchRatio()).as("block %d", b.block()).isBetween(0.5, 2.0);
            later += b.branchRatio() / (blocks.size() - 1);
        }
        assertThat(later).isBetween(0.8, 1.3);
        assertThat(Math.exp(logGrowth / blocks.size())).isBetween(1.6, 2.4);
        assertThat(inspection.residualVerdict()).get().asString().startsWith("residual stream grows: the residual "
                + "stream grows by x").contains("scale the branches (fixup, skipinit, zero-gamma) or normalize");
        assertThat(inspection.verdict()).isEqualTo(inspection.residualVerdict().get());
    }

    @Test
    void zeroGatesKeepTheStreamExactlyFlat() {
        Inspection inspection = inspect("mlp:32-64-pre[64-64-alpha]x5-10:relu", "he-normal", List.of("*.alpha=zeros"));
        for (ResidualStreamStatistics b : inspection.residualStream()) {
            assertThat(b.branchSecondMoment()).isZero();
            assertThat(b.growth()).isEqualTo(1.0);
            assertThat(b.description()).isEqualTo("pre-activation, identity, gated");
        }
        assertThat(inspection.residualVerdict()).get().asString().startsWith("residual stream stable: x1 per block");
        assertThat(inspection.verdict()).doesNotStartWith("residual stream");
    }

    @Test
    void zeroedBranchEndsAreNeitherSymmetricNorAVanishingSignalAndTheSchemeIsKept() {
        for (String init : List.of("fixup", "skipinit")) {
            Inspection inspection = inspect("mlp:32-64-pre[64-64-fixup]x5-10:relu", init, List.of());
            assertThat(inspection.residualVerdict()).get().asString().startsWith("residual stream stable");
            // Fixup's zero last layer and SkipInit's zero gate are what the schemes intend: each unit of the last
            // layer feeds its own coordinate of the stream, so it is not symmetric, and its zero output is a
            // summand of the stream, not a hidden signal that vanished
            assertThat(inspection.verdict()).as(init).doesNotStartWith("symmetric")
                    .doesNotStartWith("signal vanishes").doesNotStartWith("gradients vanish");
            assertThat(inspection.recommendation()).as(init).startsWith("keep " + init + ":");
        }
        Inspection he = inspect("mlp:32-64-pre[64-64-fixup]x5-10:relu", "he-normal", List.of());
        assertThat(he.recommendation()).startsWith("use fixup, skipinit or rezero");
    }

    @Test
    void postActivationBlocksCompareTheSumBeforeTheActivationAndProjectionsTheirOwnOutput() {
        Inspection inspection = inspect("mlp:32-128-[128-128]x2-[96-96]-10:relu", "he-normal", List.of());
        List<ResidualStreamStatistics> blocks = inspection.residualStream();
        assertThat(blocks).extracting(ResidualStreamStatistics::description).containsExactly(
                "post-activation relu, identity", "post-activation relu, identity", "post-activation relu, projection");
        for (ResidualStreamStatistics b : blocks) {
            // the stream is all >= 0 after relu, so shortcut and branch share its mean direction: for one draw
            // of finite width the cross term 2 E[s F] is not small (zero only in expectation over the weights)
            assertThat(b.sumSecondMoment() / b.predictedSumSecondMoment()).as("block %d", b.block())
                    .isCloseTo(1, within(0.25));
            assertThat(b.crossTerm()).isEqualTo(b.sumSecondMoment() - b.predictedSumSecondMoment());
            // relu after the sum keeps less than the sum
            assertThat(b.outputSecondMoment()).isLessThan(b.sumSecondMoment());
        }
        assertThat(blocks.get(2).shortcutSecondMoment()).isNotEqualTo(blocks.get(2).inputSecondMoment());
        assertThat(blocks.get(0).shortcutSecondMoment()).isEqualTo(blocks.get(0).inputSecondMoment());
    }

    @Test
    void aNetworkWithoutBlocksHasNoResidualStream() {
        Inspection inspection = inspect("mlp:32-64-10:relu", "he-normal", List.of());
        assertThat(inspection.residualStream()).isEmpty();
        assertThat(inspection.residualVerdict()).isEmpty();
    }

    private static List<ResidualStreamStatistics> stream(double... growths) {
        List<ResidualStreamStatistics> blocks = new ArrayList<>();
        double q = 1;
        for (int b = 0; b < growths.length; b++) {
            double next = q * growths[b];
            blocks.add(new ResidualStreamStatistics(b + 1, Integer.toString(b + 2), "pre-activation, identity", q,
                    next - q, q, next, next));
            q = next;
        }
        return blocks;
    }

    @Test
    void verdictsFollowTheGrowthPerBlockAndInAll() {
        assertThat(ResidualVerdicts.verdict(stream(2, 2, 2, 2))).get().asString()
                .startsWith("residual stream grows: the residual stream grows by x2 per block (x16 over 4 blocks");
        assertThat(ResidualVerdicts.verdict(stream(1.5))).get().asString().startsWith("residual stream grows:");
        assertThat(ResidualVerdicts.verdict(stream(1.4))).get().asString().startsWith("residual stream stable:");
        // 1/L-scaled branches over 20 blocks: x(1 + 1/20)^20 = x2.65 < e
        double[] scaled = new double[20];
        java.util.Arrays.fill(scaled, 1.05);
        assertThat(ResidualVerdicts.verdict(stream(scaled))).get().asString().startsWith("residual stream stable:");
        java.util.Arrays.fill(scaled, 1.2);
        assertThat(ResidualVerdicts.verdict(stream(scaled))).get().asString()
                .startsWith("residual stream grows moderately: x1.2 per block");
        assertThat(ResidualVerdicts.verdict(stream(0.5, 0.6))).get().asString().startsWith("residual stream shrinks:");
        assertThat(ResidualVerdicts.verdict(List.of())).isEmpty();
    }

    @Test
    void aGrowingStreamTakesThePlaceOfSymptomsButNotOfOtherCauses() {
        List<ResidualStreamStatistics> growing = stream(2, 2, 2);
        assertThat(ResidualVerdicts.combine("signal explodes: activation std grows", growing))
                .startsWith("residual stream grows:");
        assertThat(ResidualVerdicts.combine("healthy: activation std 1..2", growing))
                .startsWith("residual stream grows:");
        assertThat(ResidualVerdicts.combine("symmetric: all 8 units of layer 1 are identical", growing))
                .startsWith("symmetric:");
        assertThat(ResidualVerdicts.combine("healthy: activation std 1..2", stream(1, 1)))
                .startsWith("healthy:");
        assertThat(ResidualVerdicts.combine("healthy: fine", List.of())).isEqualTo("healthy: fine");
    }
}
