package org.initlab.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.Activation;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.LayerKind;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

/** {@link Inspector} on convolutional networks: stages, the variance law with a convolution's fan-in, verdicts. */
class InspectConvolutionalTest {
    private static final InitializerRegistry REGISTRY = InitializerRegistry.load(
            InspectConvolutionalTest.class.getClassLoader());
    private static final String LENET = "cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu";

    private static Inspection inspect(String model, String init, long seed, Dataset batch) {
        InitializationPlan plan = InitializationPlan.of(REGISTRY.resolve(init), REGISTRY.resolve("zeros"));
        return Inspector.inspect(ModelSpec.parse(model), plan, seed, batch);
    }

    private static Dataset mnist(int n) {
        return ProbeBatches.sample(BundledMnist.train(), n, SeededRandom.of(0).fork("probe"));
    }

    @Test
    void everyWeightedLayerIsAStageNamedByItsIndexAndDescribedByWhatItIs() {
        Inspection inspection = inspect(LENET, "he-normal", 0, mnist(64));
        List<LayerStatistics> layers = inspection.layers();
        assertThat(layers).extracting(LayerStatistics::name).containsExactly("0", "3", "7", "9");
        assertThat(layers).extracting(LayerStatistics::description).containsExactly("conv5x5 1->16 + maxpool2",
                "conv5x5 16->32 + maxpool2", "dense 512->128", "dense 128->10");
        assertThat(layers).extracting(LayerStatistics::kind).containsExactly(LayerKind.CONV, LayerKind.CONV,
                LayerKind.DENSE, LayerKind.DENSE);
        assertThat(layers).extracting(LayerStatistics::units).containsExactly(16, 32, 128, 10);
        assertThat(layers).extracting(LayerStatistics::activation).containsExactly(Activation.RELU, Activation.RELU,
                Activation.RELU, Activation.IDENTITY);
        // he-normal's std for a 5x5 convolution is sqrt(2 / (in * 25))
        assertThat(layers.get(1).weightStdTheory().getAsDouble()).isCloseTo(Math.sqrt(2.0 / 400), within(1e-9));
        for (LayerStatistics l : layers) {
            assertThat(l.finite()).isTrue();
            assertThat(l.weightStd() / l.weightStdTheory().getAsDouble()).as("layer %d", l.index())
                    .isCloseTo(1, within(0.1));
            assertThat(l.activationStd()).as("layer %d", l.index()).isBetween(0.1, 3.0);
            assertThat(l.deadFraction()).isLessThan(0.5);
            assertThat(l.symmetricUnits()).isZero();
        }
        assertThat(inspection.verdict()).startsWith("healthy: ");
        assertThat(inspection.recommendation()).startsWith("keep he-normal");
    }

    @Test
    void heNormalConvolutionsFollowTheVarianceLawWithTheConvolutionFanIn() {
        String model = "cnn:1x12x12-c16k3p1-c32k3p1-c32k3s2p1-f64-10:relu";
        double sum = 0;
        int count = 0;
        for (long seed = 0; seed < 16; seed++) {
            Dataset gaussian = ProbeBatches.gaussian(144, 10, 32, SeededRandom.of(seed).fork("probe"));
            for (LayerStatistics l : inspect(model, "he-normal", seed, gaussian).layers().subList(1, 3)) {
                double theory = l.varianceRatioTheory().getAsDouble();
                double ratio = l.varianceRatio().getAsDouble();
                // He: fan_in Var(W) = 2, ReLU halves the second moment; padding trims the border sums a little
                assertThat(theory).as("seed %d layer %d", seed, l.index()).isBetween(0.8, 1.1);
                assertThat(ratio / theory).as("seed %d layer %d", seed, l.index()).isBetween(0.5, 2.0);
                sum += ratio / theory;
                count++;
            }
        }
        // one draw scatters (few filters, correlated inputs: 0.55..1.3 here), the mean over draws follows the law
        assertThat(sum / count).isCloseTo(1, within(0.1));
    }

    @Test
    void paddingLowersTheConvolutionsMeanFanIn() {
        FeatureShape input = FeatureShape.map(4, 6, 6);
        assertThat(VarianceTheory.convolutionFanIn(new Conv2dLayer(4, 8, 3, 1, 0, 1), input)).isEqualTo(36);
        assertThat(VarianceTheory.convolutionFanIn(new Conv2dLayer(4, 8, 3, 1, 0, 2), input)).isEqualTo(18);
        // 6 outputs per side: the first and last read 2 of 3 rows, so 16/18 of the taps are inside
        assertThat(VarianceTheory.convolutionFanIn(new Conv2dLayer(4, 8, 3, 1, 1, 1), input))
                .isCloseTo(36 * (16.0 / 18) * (16.0 / 18), within(1e-12));
        double[] x = new double[2 * 4 * 36];
        java.util.Arrays.fill(x, 3);
        assertThat(VarianceTheory.secondMomentAsRead(new Conv2dLayer(4, 8, 3, 2, 1, 1), input, x))
                .isCloseTo(9, within(1e-12));
    }

    @Test
    void zeroWeightsMakeEveryFilterACopy() {
        Inspection inspection = inspect("cnn:1x28x28-c8k3-p2-c16k3-p2-f32-10:tanh", "zeros", 0, mnist(32));
        assertThat(inspection.layers()).extracting(LayerStatistics::symmetricUnits).containsExactly(8, 16, 32, 0);
        assertThat(inspection.verdict()).isEqualTo("symmetric: all 8 filters of layer 1 are identical (zero or "
                + "constant weights never break symmetry)");
    }

    @Test
    void batchNormalizationAndDropoutAreDescribedButNotJudgedAsWeights() {
        Network network = ModelSpec.parse("cnn:1x28x28-c8k3-bn-p2-f32-bn-d0.5-10:relu");
        InitializationPlan plan = InitializationPlan.of(REGISTRY.resolve("he-normal"), REGISTRY.resolve("zeros"));
        List<LayerStatistics> layers = Inspector.inspect(network, plan, 0, mnist(64)).layers();
        assertThat(layers).extracting(LayerStatistics::description).containsExactly("conv3x3 1->8 + bn + maxpool2",
                "dense 1352->32 + bn + dropout0.5", "dense 32->10");
        // batch statistics: the normalized maps have unit second moment before ReLU and pooling
        assertThat(layers.get(0).activationStd()).isBetween(0.3, 1.5);
        assertThat(layers.get(1).varianceRatioTheory()).isPresent();
    }
}
