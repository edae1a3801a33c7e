package org.initlab.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

/**
 * The closed-form facts of {@code shared/reference/initializers.md}, measured by {@link Inspector} with
 * Gaussian inputs: Glorot and Bengio's deep tanh nets and He et al.'s deep ReLU nets.
 */
class ClosedFormFactsTest {
    private static final InitializerRegistry REGISTRY = InitializerRegistry.load(
            ClosedFormFactsTest.class.getClassLoader());
    private static final String TANH_10X500 = "mlp:500-500x10-10:tanh";
    private static final String RELU_30X512 = "mlp:512-512x30-10:relu";
    private static final Map<String, Inspection> CACHE = new ConcurrentHashMap<>();

    /** One inspection per (model, init), shared by the tests that look at it from different angles. */
    static Inspection inspect(String model, String init) {
        return CACHE.computeIfAbsent(model + " " + init, k -> {
            Network network = ModelSpec.parse(model);
            Dataset batch = ProbeBatches.gaussian(network.inputWidth(), network.outputWidth(), 256,
                    SeededRandom.of(0).fork("probe"));
            InitializationPlan plan = InitializationPlan.of(REGISTRY.resolve(init), REGISTRY.resolve("zeros"));
            return Inspector.inspect(network, plan, 0, batch);
        });
    }

    @Test
    void smallGaussianWeightsShrinkTanhActivationsBy0_2236PerLayer() {
        List<LayerStatistics> layers = inspect(TANH_10X500, "normal(std=0.01)").layers();
        // input std is 1; 0.01 * sqrt(500) = 0.2236 per layer while tanh is nearly linear
        double previous = 1;
        for (int l = 0; l < 10; l++) {
            double std = layers.get(l).activationStd();
            assertThat(std / previous).as("layer %d", l + 1).isBetween(0.20, 0.25);
            previous = std;
        }
        assertThat(layers.get(9).activationStd()).isLessThan(1e-6);
        assertThat(inspect(TANH_10X500, "normal(std=0.01)").verdict()).startsWith("signal vanishes: ");
    }

    @Test
    void lecunNormalKeepsTenTanhLayersHealthy() {
        Inspection inspection = inspect(TANH_10X500, "lecun-normal");
        for (LayerStatistics l : inspection.layers().subList(0, 10)) {
            assertThat(l.activationStd()).as("layer %d", l.index()).isBetween(0.2, 1.0);
            assertThat(l.saturatedFraction()).isLessThan(0.1);
        }
        assertThat(inspection.verdict()).startsWith("healthy: ");
    }

    @Test
    void unitGaussianWeightsSaturateMostTanhUnits() {
        Inspection inspection = inspect(TANH_10X500, "normal(std=1)");
        for (LayerStatistics l : inspection.layers().subList(0, 10)) {
            assertThat(l.saturatedFraction()).as("layer %d", l.index()).isGreaterThan(0.5);
        }
        assertThat(inspection.verdict()).startsWith("saturated: ").contains("tanh units beyond 0.99");
        assertThat(inspection.recommendation()).startsWith("use lecun-normal: ");
    }

    @Test
    void heNormalKeepsTheReluSecondMomentConstantOverThirtyLayers() {
        List<LayerStatistics> layers = inspect(RELU_30X512, "he-normal").layers();
        double reference = layers.get(1).preactivationSecondMoment();
        for (LayerStatistics l : layers.subList(1, 30)) {
            // at width 512 each layer multiplies E[z^2] by 1 +- ~7%, a random walk in log space
            assertThat(l.varianceRatio().getAsDouble()).as("layer %d", l.index()).isBetween(0.75, 1.35);
            assertThat(l.preactivationSecondMoment() / reference).as("layer %d", l.index()).isBetween(0.25, 4.0);
        }
        double perLayer = Math.pow(layers.get(29).preactivationSecondMoment() / reference, 1.0 / 28);
        assertThat(perLayer).isBetween(0.95, 1.05);
        assertThat(inspect(RELU_30X512, "he-normal").verdict()).startsWith("healthy: ");
        assertThat(inspect(RELU_30X512, "he-normal").recommendation()).startsWith("keep he-normal: ");
    }

    @Test
    void xavierNormalHalvesTheReluSecondMomentEveryLayer() {
        List<LayerStatistics> layers = inspect(RELU_30X512, "xavier-normal").layers();
        for (LayerStatistics l : layers.subList(1, 30)) {
            assertThat(l.varianceRatio().getAsDouble()).as("layer %d", l.index()).isBetween(0.375, 0.675);
        }
        double total = layers.get(29).preactivationSecondMoment() / layers.get(0).preactivationSecondMoment();
        assertThat(Math.pow(total, 1.0 / 29)).isBetween(0.45, 0.55);
        assertThat(Math.log10(total / Math.pow(2, -29))).isBetween(-1.0, 1.0);
        Inspection inspection = inspect(RELU_30X512, "xavier-normal");
        assertThat(inspection.verdict()).startsWith("signal vanishes: activation std falls by a factor 0.7");
        assertThat(inspection.recommendation()).startsWith("use he-normal: He et al. (2015)");
    }

    @Test
    void theoryPredictsTheMeasuredVarianceRatioInEarlyLayers() {
        for (LayerStatistics l : inspect(RELU_30X512, "he-normal").layers().subList(1, 6)) {
            assertThat(l.varianceRatioTheory().getAsDouble()).isCloseTo(1, within(0.01));
            assertThat(l.varianceRatio().getAsDouble() / l.varianceRatioTheory().getAsDouble())
                    .as("he-normal layer %d", l.index()).isCloseTo(1, within(0.15));
        }
        for (LayerStatistics l : inspect(TANH_10X500, "normal(std=0.01)").layers().subList(1, 6)) {
            assertThat(l.varianceRatioTheory().getAsDouble()).isCloseTo(0.05, within(0.005));
            assertThat(l.varianceRatio().getAsDouble() / l.varianceRatioTheory().getAsDouble())
                    .as("normal(std=0.01) layer %d", l.index()).isCloseTo(1, within(0.15));
        }
    }

    @Test
    void zeroInitializationLeavesHiddenUnitsSymmetric() {
        Inspection inspection = inspect("mlp:64-32-16-10:tanh", "zeros");
        assertThat(inspection.layers()).extracting(LayerStatistics::symmetricUnits).containsExactly(32, 16, 0);
        assertThat(inspection.verdict())
                .isEqualTo("symmetric: all 32 units of layer 1 are identical (zero or constant weights never break "
                        + "symmetry)");
        assertThat(inspect("mlp:64-32-16-10:tanh", "constant(0.1)").verdict()).startsWith("symmetric: all 32 units");
        assertThat(inspect("mlp:64-32-16-10:tanh", "xavier-normal").layers())
                .extracting(LayerStatistics::symmetricUnits).containsOnly(0);
    }

    @Test
    void measuredWeightStdMatchesTheInitializersTheory() {
        for (LayerStatistics l : inspect(RELU_30X512, "he-normal").layers()) {
            assertThat(l.weightStd() / l.weightStdTheory().getAsDouble()).isCloseTo(1, within(0.05));
        }
        assertThat(inspect(RELU_30X512, "he-normal").layers().get(0).weightStdTheory().getAsDouble())
                .isCloseTo(Math.sqrt(2.0 / 512), within(1e-9));
    }
}
