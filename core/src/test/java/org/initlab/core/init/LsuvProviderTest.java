package org.initlab.core.init;

import org.initlab.initializers.LsuvProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.inspect.LayerDiagnostics;
import org.initlab.core.inspect.LayerStatistics;
import org.initlab.core.inspect.ProbeBatches;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.spi.DataDependentInitializer;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

class LsuvProviderTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
    private final Dataset probe = ProbeBatches.sample(BundledMnist.train(), 256, SeededRandom.of(0).fork("probe"));

    private InitializationPlan plan(String weights) {
        return InitializationPlan.of(registry.resolve(weights), registry.resolve("zeros"));
    }

    @Test
    void isDiscoveredThroughTheSpiWithItsOptions() {
        assertThat(registry.find("lsuv")).get().isInstanceOf(LsuvProvider.class);
        assertThat(new LsuvProvider().options()).extracting(Object::toString)
                .containsExactly("tol=0.1", "max_iter=10", "pre=orthogonal");
        assertThat(registry.resolve("lsuv(pre=he-normal)").initializer()).isInstanceOf(DataDependentInitializer.class);
        assertThat(registry.resolve("lsuv(pre=he-normal)").spec()).isEqualTo("lsuv(pre=he-normal)");
    }

    @Test
    void everyTanhLayerHasUnitPreActivationVarianceOnTheProbeBatch() {
        Network network = ModelSpec.parse("mlp:784-256x5-10:tanh");
        for (String pre : List.of("he-normal", "xavier-normal")) {
            ParameterSet p = plan("lsuv(tol=0.1, pre=" + pre + ")").materialize(network, 0, probe);
            List<LayerStatistics> layers = LayerDiagnostics.measure(network, p, probe);
            for (LayerStatistics l : layers) {
                double variance = l.preactivationStd() * l.preactivationStd();
                assertThat(variance).as("pre=%s layer %d", pre, l.index()).isCloseTo(1, within(0.1));
            }
        }
    }

    @Test
    void everyConvolutionAndDenseLayerHasUnitOutputVarianceOnTheProbeBatch() {
        Network network = ModelSpec.parse("cnn:1x28x28-c8k3p1-p2-c16k3s2-bn-c16k3g2-f32-10:relu");
        ParameterSet p = plan("lsuv(tol=0.02)").materialize(network, 0, probe);
        List<LayerStatistics> layers = LayerDiagnostics.measure(network, p, probe);
        assertThat(layers).extracting(LayerStatistics::description).startsWith("conv3x3 1->8 p1 + maxpool2",
                "conv3x3 8->16 s2 + bn", "conv3x3 16->16 g2");
        for (LayerStatistics l : layers) {
            double variance = l.preactivationStd() * l.preactivationStd();
            assertThat(variance).as("layer %d (%s)", l.index(), l.description()).isCloseTo(1, within(0.02));
        }
        // orthonormal rows before rescaling: a convolution's filters stay orthogonal to each other
        float[] w = p.values("3.weight");
        int fanIn = 8 * 9;
        for (int a = 0; a < 4; a++) {
            for (int b = a + 1; b < 4; b++) {
                double dot = 0;
                for (int k = 0; k < fanIn; k++) {
                    dot += (double) w[a * fanIn + k] * w[b * fanIn + k];
                }
                assertThat(dot).isCloseTo(0, within(1e-5));
            }
        }
    }

    @Test
    void rescalesThePreInitializersWeightsLayerByLayer() {
        Network network = ModelSpec.parse("mlp:784-64-32-10:relu");
        ParameterSet pre = plan("he-normal").materialize(network, 5);
        ParameterSet lsuv = plan("lsuv(pre=he-normal, tol=0.001)").materialize(network, 5, probe);
        for (String path : List.of("0.weight", "2.weight", "4.weight")) {
            float[] a = pre.values(path);
            float[] b = lsuv.values(path);
            double scale = b[0] / a[0];
            assertThat(scale).isPositive();
            for (int k = 0; k < a.length; k++) {
                assertThat((double) b[k]).isCloseTo(a[k] * scale, within(1e-6 + 1e-5 * Math.abs(a[k] * scale)));
            }
        }
        assertThat(lsuv.values("0.bias")).containsOnly(0f);
        // deterministic: same seed, same probe, same tensors
        ParameterSet again = plan("lsuv(pre=he-normal, tol=0.001)").materialize(network, 5, probe);
        for (String path : lsuv.paths()) {
            assertThat(again.values(path)).containsExactly(lsuv.values(path));
        }
    }

    @Test
    void withoutDataItIsAnErrorThatSaysSo() {
        Network network = ModelSpec.parse("mlp:784-32-10");
        assertThat(plan("lsuv(pre=he-normal)").needsData(network)).isTrue();
        assertThat(plan("he-normal").needsData(network)).isFalse();
        assertThatThrownBy(() -> plan("lsuv(pre=he-normal)").materialize(network, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("lsuv needs data: lsuv(pre=he-normal) rescales 0.weight");
    }

    @Test
    void aPreInitializerWithoutSignalCannotBeRescaled() {
        Network network = ModelSpec.parse("mlp:784-32-10");
        assertThatThrownBy(() -> plan("lsuv(pre=zeros)").materialize(network, 0, probe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lsuv(pre=zeros) cannot refine its weights")
                .hasMessageContaining("output variance of 0.weight on the probe batch is 0.0");
    }

    @Test
    void badOptionsAreRejected() {
        assertThatThrownBy(() -> registry.resolve("lsuv(tol=0, pre=he-normal)")).hasMessageContaining("'tol'");
        assertThatThrownBy(() -> registry.resolve("lsuv(max_iter=0, pre=he-normal)"))
                .hasMessageContaining("'max_iter'");
        assertThatThrownBy(() -> registry.resolve("lsuv(pre=lsuv(pre=he-normal))"))
                .hasMessageContaining("must not need data");
        assertThatThrownBy(() -> registry.resolve("lsuv(pre=he-normla)"))
                .hasMessageContaining("option 'pre' of lsuv: unknown initializer 'he-normla'");
    }
}
