package org.initlab.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

class VerdictsTest {
    private static final InitializerRegistry REGISTRY = InitializerRegistry.load(VerdictsTest.class.getClassLoader());

    private static LayerStatistics layer(int index, int units, Activation activation, double activationStd,
                                         double dead, double weightGradientStd) {
        return new LayerStatistics(index, Integer.toString(2 * (index - 1)), units, activation, 0, 1, 1, 0,
                activationStd, 0, dead, 0.1, OptionalDouble.empty(), 1e-3, weightGradientStd, OptionalDouble.empty(),
                OptionalDouble.empty(), 0, OptionalDouble.empty());
    }

    private static List<LayerStatistics> relu(double... activationStds) {
        List<LayerStatistics> layers = new ArrayList<>();
        for (int i = 0; i < activationStds.length; i++) {
            layers.add(layer(i + 1, 100, Activation.RELU, activationStds[i], 0, 1e-2));
        }
        layers.add(layer(activationStds.length + 1, 10, Activation.IDENTITY, 1, 0, 1e-2));
        return layers;
    }

    private static Inspection onMnist(String model, String init) {
        Network network = ModelSpec.parse(model);
        Dataset batch = ProbeBatches.sample(BundledMnist.train(), 256, SeededRandom.of(0).fork("probe"));
        return Inspector.inspect(network, InitializationPlan.of(REGISTRY.resolve(init), REGISTRY.resolve("zeros")),
                0, batch);
    }

    @Test
    void formatsNumbersForSentences() {
        assertThat(Verdicts.format(0.22361)).isEqualTo("0.224");
        assertThat(Verdicts.format(84.31)).isEqualTo("84.3");
        assertThat(Verdicts.format(1.0)).isEqualTo("1");
        assertThat(Verdicts.format(3.04e-7)).isEqualTo("3e-7");
        assertThat(Verdicts.format(4.27e-5)).isEqualTo("4.3e-5");
        assertThat(Verdicts.format(12345)).isEqualTo("1.2e4");
        assertThat(Verdicts.format(0)).isEqualTo("0");
        assertThat(Verdicts.format(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void theClassicMnistExperimentGetsOneVerdictPerInitializer() {
        String model = "mlp:784-512-128-10:relu";
        assertThat(onMnist(model, "zeros").verdict()).isEqualTo(
                "symmetric: all 512 units of layer 1 are identical (zero or constant weights never break symmetry)");
        assertThat(onMnist(model, "normal(std=0.01)").verdict())
                .matches("signal vanishes: activation std falls by a factor 0\\.1\\d+ per layer; layer 2 std .*");
        assertThat(onMnist(model, "normal(std=1)").verdict())
                .matches("signal explodes: activation std grows by a factor 1\\d\\.\\d per layer; layer 2 std .*");
        Inspection he = onMnist(model, "he-normal");
        assertThat(he.verdict()).startsWith("healthy: activation std 0.");
        assertThat(he.recommendation()).startsWith("keep he-normal: He et al. (2015) draw N(0, 2/fan_in)");
        assertThat(onMnist(model, "xavier-normal").recommendation()).startsWith("use he-normal: ");
    }

    @Test
    void recommendationsFollowTheActivation() {
        assertThat(Verdicts.recommendation(List.of(layer(1, 8, Activation.TANH, 1, 0, 1), layer(2, 2,
                Activation.IDENTITY, 1, 0, 1)), "xavier-normal(gain=1.5)")).startsWith("use lecun-normal: for tanh")
                .contains("edge of chaos").contains("chi_1 = 1.21");
        assertThat(Verdicts.recommendation(List.of(layer(1, 8, Activation.TANH, 1, 0, 1), layer(2, 2,
                Activation.IDENTITY, 1, 0, 1)), "lecun-normal")).startsWith("keep lecun-normal: ");
        assertThat(Verdicts.recommendation(List.of(layer(1, 8, Activation.GELU, 1, 0, 1), layer(2, 2,
                Activation.IDENTITY, 1, 0, 1)), "he-normal")).startsWith("use variance-scaling(scale=2.352, "
                + "distribution=untruncated_normal): at unit input variance E[gelu(z)^2] = 0.425").contains("0.85 per layer")
                .contains("gain 1.53").contains("unstable fixed point, slope 1.14");
        assertThat(Verdicts.recommendation(List.of(layer(1, 8, Activation.ELU, 1, 0, 1), layer(2, 2,
                Activation.IDENTITY, 1, 0, 1)), "variance-scaling(scale=1.551,distribution=untruncated_normal)"))
                .startsWith("keep variance-scaling(scale=1.551, distribution=untruncated_normal): ")
                .contains("E[elu(z)^2] = 0.645").contains("1.29 per layer").contains("stable fixed point, slope 0.89");
        assertThat(Verdicts.recommendation(List.of(layer(1, 8, Activation.SELU, 1, 0, 1), layer(2, 2,
                Activation.IDENTITY, 1, 0, 1)), "he-normal")).startsWith("use lecun-normal: Klambauer");
        assertThat(Verdicts.recommendation(List.of(layer(1, 8, Activation.LEAKY_RELU, 1, 0, 1), layer(2, 2,
                Activation.IDENTITY, 1, 0, 1)), "he-normal")).startsWith("use he-normal(a=0.01): ");
        assertThat(Verdicts.recommendation(List.of(layer(1, 8, Activation.SIGMOID, 1, 0, 1), layer(2, 2,
                Activation.IDENTITY, 1, 0, 1)), "he-normal")).startsWith("use variance-scaling(scale=3.409, ");
    }

    @Test
    void deadUnitsAreReportedWithTheirLayer() {
        List<LayerStatistics> layers = new ArrayList<>(relu(0.5, 0.5));
        layers.set(1, layer(2, 128, Activation.RELU, 0.5, 0.6, 1e-2));
        assertThat(Verdicts.verdict(layers))
                .isEqualTo("dead ReLUs: 60% of the 128 units of layer 2 are zero for the whole batch");
    }

    @Test
    void vanishingGradientsAndOverflowAreCaught() {
        List<LayerStatistics> layers = new ArrayList<>(relu(0.5, 0.5, 0.5));
        layers.set(0, layer(1, 100, Activation.RELU, 0.5, 0, 1e-7));
        assertThat(Verdicts.verdict(layers))
                .isEqualTo("gradients vanish towards the input: the weight-gradient std of layer 1 is 1e-5 times "
                        + "that of layer 4");
        layers.set(2, layer(3, 100, Activation.RELU, Double.POSITIVE_INFINITY, 0, 1e-2));
        assertThat(Verdicts.verdict(layers)).startsWith("overflow: layer 3 ");
    }

    @Test
    void healthyVerdictsGiveTheRanges() {
        assertThat(Verdicts.verdict(relu(0.5, 0.6, 0.7)))
                .isEqualTo("healthy: activation std 0.5..0.7 over 3 hidden layers (factor 1.18 per layer); "
                        + "weight-gradient std 0.01");
        assertThat(Verdicts.verdict(List.of(layer(1, 10, Activation.IDENTITY, 0.44, 0, 0.0145))))
                .isEqualTo("healthy: output std 0.44; weight-gradient std 0.0145");
        assertThat(Verdicts.verdict(relu(0.005))).isEqualTo("signal vanishes: layer 1 activation std 0.005");
    }
}
