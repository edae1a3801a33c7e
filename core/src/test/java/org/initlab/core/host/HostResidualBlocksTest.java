package org.initlab.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Residual blocks in the host network: identity and projection shortcuts, both forms, gates, scalar biases. */
class HostResidualBlocksTest {
    private static final int BATCH = 4;
    private static final int[] LABELS = {0, 2, 1, 2};
    /** Pre- and post-activation, identity and dense projection, gate, Fixup's biases, LayerNorm in a branch. */
    private static final String MLP = "mlp:6-5-pre[5-ln-5-alpha]-[4-4-fixup]-[4-ln-4]-3:tanh";
    /** Convolutions: identity and 1x1 stride-2 projections with batch norm, post- and pre-activation, gate. */
    private static final String CNN = "cnn:2x6x6-c3k3p1-bn-[c3k3p1-bn-c3k3p1-bn]-[c4k3s2p1-bn-c4k3p1-bn-alpha]"
            + "-pre[c4k3p1-bn-c4k3p1]-gap-3:silu";
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());

    /** Xavier weights, small random biases, and gates, scalar biases and normalization scales away from 1 and 0. */
    private ParameterSet parameters(Network network) {
        ParameterSet params = InitializationPlan.of(registry.resolve("xavier-normal"),
                registry.resolve("normal(std=0.1)")).materialize(network, 3);
        SeededRandom random = SeededRandom.of(11);
        for (ParameterTensor t : params.tensors()) {
            if (t.spec().layerKind() == LayerKind.NORMALIZATION || t.spec().layerKind() == LayerKind.OTHER) {
                float[] v = t.values();
                for (int k = 0; k < v.length; k++) {
                    v[k] += (float) (0.3 * random.nextGaussian());
                }
            }
        }
        return params;
    }


    @ParameterizedTest
    @ValueSource(strings = {MLP, CNN})
    void everyParameterGradientMatchesCentralFiniteDifferences(String spec) {
        Network network = ModelSpec.parse(spec);
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(BATCH, network.inputWidth());
        Map<String, double[]> analytic = HostChecks.analyticGradients(host, params, x, BATCH, LABELS);
        assertThat(analytic.keySet()).containsExactlyInAnyOrderElementsOf(params.paths());
        if (spec.equals(MLP)) {
            assertThat(analytic).containsKeys("2.branch.5.alpha", "3.branch.0.bias", "3.branch.6.alpha",
                    "3.branch.7.bias", "3.shortcut.0.weight", "2.branch.4.weight", "4.branch.1.bias");
        }
        HostChecks.assertGradientsMatch(host, params, x, BATCH, LABELS, analytic, 1e-3, 1e-3);
    }


    @Test
    void aBlockAddsTheGatedBranchToTheShortcutBeforeItsPostActivation() {
        Network network = ModelSpec.parse(MLP);
        ParameterSet params = parameters(network);
        HostTrace trace = new HostNetwork(network).forward(params::values, HostChecks.inputs(BATCH, 6), BATCH);
        // pre-activation block 2: y = x + alpha * dense(tanh(ln(dense(tanh(x)))))
        double alpha = params.values("2.branch.5.alpha")[0];
        double[] in = trace.layerInput(2);
        double[] ungated = trace.output(new LayerSite(2, LayerSite.Segment.BRANCH, 4));
        for (int k = 0; k < in.length; k++) {
            assertThat(trace.layerOutput(2)[k]).isCloseTo(in[k] + alpha * ungated[k], within(1e-12));
        }
        assertThat(trace.shortcutOutput(2)).isSameAs(in);
        assertThat(trace.residualSum(2)).isSameAs(trace.layerOutput(2));
        // post-activation block 3 with a dense projection: y = tanh(P x + F(x))
        double[] projected = trace.output(new LayerSite(3, LayerSite.Segment.SHORTCUT, 0));
        assertThat(trace.shortcutOutput(3)).isSameAs(projected).hasSize(BATCH * 4);
        for (int k = 0; k < projected.length; k++) {
            double sum = projected[k] + trace.branchOutput(3)[k];
            assertThat(trace.residualSum(3)[k]).isEqualTo(sum);
            assertThat(trace.layerOutput(3)[k]).isEqualTo(Math.tanh(sum));
        }
    }

    @Test
    void stagesNameTheBlockAndThePositionOfEveryLayerInside() {
        HostNetwork host = new HostNetwork(ModelSpec.parse(CNN));
        assertThat(host.stages()).extracting(Stage::weightPath).containsExactly("0.weight", "3.branch.0.weight",
                "3.branch.3.weight", "4.branch.0.weight", "4.branch.3.weight", "4.shortcut.0.weight",
                "5.branch.2.weight", "5.branch.4.weight", "8.weight");
        assertThat(host.stages()).extracting(Stage::description).containsExactly("conv3x3 2->3 p1 + bn",
                "block 1 branch 1: conv3x3 3->3 p1 + bn", "block 1 branch 2: conv3x3 3->3 p1 + bn",
                "block 2 branch 1: conv3x3 3->4 s2 p1 + bn", "block 2 branch 2: conv3x3 4->4 p1 + bn + alpha",
                "block 2 shortcut: conv1x1 3->4 s2 + bn", "block 3 branch 1: conv3x3 4->4 p1",
                "block 3 branch 2: conv3x3 4->4 p1", "dense 4->3");
        assertThat(host.stages()).extracting(s -> s.site().path()).containsExactly("0", "3.branch.0",
                "3.branch.3", "4.branch.0", "4.branch.3", "4.shortcut.0", "5.branch.2", "5.branch.4", "8");
        // the trunk stage before the first block ends at the block; the pre-activation branch's first layers
        // (bn, silu) precede its first weighted layer and belong to no stage
        assertThat(host.stages().get(0).following()).hasSize(2);
        assertThat(host.stages().get(6).activation().specName()).isEqualTo("silu");
    }

    @Test
    void everyStageGetsItsGradientsOnceLastStageFirst() {
        Network network = ModelSpec.parse(CNN);
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(BATCH, network.inputWidth());
        HostTrace trace = host.forward(params::values, x, BATCH);
        Map<String, double[]> byPath = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        host.backward(trace, params::values, LABELS, (s, dx, dw, db) -> {
            Stage stage = host.stages().get(s);
            assertThat(dw).isSameAs(byPath.get(stage.weightPath())).hasSize(stage.weightCount());
            assertThat(db).isSameAs(byPath.get(stage.biasPath())).hasSize(stage.units());
            assertThat(dx).as("stage %d output gradient", s).hasSize(BATCH * stage.outputShape().size())
                    .hasSameSizeAs(trace.activation(s));
            order.add(s);
        }, byPath::put);
        assertThat(order).containsExactly(8, 7, 6, 5, 4, 3, 2, 1, 0);
    }

    @Test
    void preActivationsOfAStageInsideABlockAreThoseOfTheFullPass() {
        Network network = ModelSpec.parse(CNN);
        ParameterSet params = parameters(network);
        HostNetwork host = new HostNetwork(network);
        float[] x = HostChecks.inputs(3, network.inputWidth());
        HostTrace trace = host.forward(params::values, x, 3);
        for (int s = 0; s < host.stages().size(); s++) {
            assertThat(host.preActivations(params::values, x, 3, s)).as("stage %d", s)
                    .containsExactly(trace.preActivation(s));
        }
    }

    @Test
    void lsuvGivesEveryWeightedLayerOfAResidualNetworkUnitVariance() {
        Network network = ModelSpec.parse("mlp:12-8-pre[8-8]x3-[6-6]-3:tanh");
        float[] x = HostChecks.inputs(64, 12);
        org.initlab.core.data.Dataset probe = org.initlab.core.data.Dataset.of("probe", x, new int[64],
                List.of(12), 3);
        ParameterSet params = InitializationPlan.of(registry.resolve("lsuv(pre=orthogonal)"),
                registry.resolve("zeros")).materialize(network, 5, probe);
        HostNetwork host = new HostNetwork(network);
        for (Stage stage : host.stages()) {
            double[] z = host.preActivations(params::values, x, 64, stage.index());
            double mean = java.util.Arrays.stream(z).average().orElseThrow();
            double variance = java.util.Arrays.stream(z).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
            assertThat(variance).as(stage.description()).isCloseTo(1, within(0.1));
        }
        assertThat(network.parameters()).filteredOn(p -> p.role() == ParameterRole.WEIGHT).hasSize(11);
    }
}
