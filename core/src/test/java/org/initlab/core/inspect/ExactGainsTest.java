package org.initlab.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import java.util.OptionalDouble;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.Activation;
import org.initlab.spi.Gain;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SPI's exact variance-preserving gains ({@link Gain#exact}) against core's own quadrature of the
 * activations as the backends compute them: {@code gain = 1 / sqrt(E[f(z)^2])}, {@code z ~ N(0, 1)}.
 */
class ExactGainsTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void exactGainIsOneOverTheRootOfTheGaussianSecondMoment(Activation activation) {
        double secondMoment = VarianceTheory.gaussianSecondMoment(activation, 1);
        // Activation.erf carries an absolute error up to 1.2e-7, which bounds the GELU agreement
        assertThat(activation.nonlinearity().exactGain()).as("%s", activation)
                .isCloseTo(1 / Math.sqrt(secondMoment), within(1e-6));
    }

    @Test
    void secondMomentsAtUnitInputVarianceAreTheKnownOnes() {
        assertThat(VarianceTheory.gaussianSecondMoment(Activation.GELU, 1)).isCloseTo(0.425, within(5e-4));
        assertThat(VarianceTheory.gaussianSecondMoment(Activation.SILU, 1)).isCloseTo(0.356, within(5e-4));
        assertThat(VarianceTheory.gaussianSecondMoment(Activation.ELU, 1)).isCloseTo(0.645, within(5e-4));
        assertThat(VarianceTheory.gaussianSecondMoment(Activation.RELU, 1)).isCloseTo(0.5, within(1e-9));
        assertThat(VarianceTheory.gaussianSecondMoment(Activation.SELU, 1)).isCloseTo(1, within(1e-9));
    }

    @Test
    void exactGainsAgreeWithThePropagationLawTheyAreMadeFor() {
        // Var(W) = gain^2 / fan_in and a unit-variance Gaussian pre-activation: E[z_next^2] = gain^2 E[f(z)^2] = 1
        for (Activation activation : Activation.values()) {
            double gain = activation.nonlinearity().exactGain();
            assertThat(gain * gain * VarianceTheory.gain(activation, 1.0)).as("%s", activation)
                    .isCloseTo(1, within(2e-6));
        }
    }

    @Test
    void theVarianceScalingSpecInspectRecommendsHasTheExactGain() {
        InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
        ParameterSpec weight = ParameterSpec.weight("0.weight", TensorShape.of(64, 100), LayerKind.DENSE,
                Activation.SILU.nonlinearity());
        for (Activation activation : new Activation[] {Activation.GELU_TANH, Activation.SILU, Activation.MISH}) {
            String spec = String.format(Locale.ROOT, "variance-scaling(scale=%.4f, mode=fan_in, "
                    + "distribution=untruncated_normal)", Math.pow(activation.nonlinearity().exactGain(), 2));
            assertThat(registry.resolve(spec).initializer().expectedStd(weight).orElseThrow()).as(spec)
                    .isCloseTo(activation.nonlinearity().exactGain() / 10, within(1e-5));
        }
    }

    @Test
    void recommendedGainIsPyTorchsWhereItHasOneElseTheExactOne() {
        assertThat(Activation.TANH.nonlinearity().recommendedGain()).isEqualTo(5.0 / 3.0);
        assertThat(Activation.SELU.nonlinearity().recommendedGain()).isEqualTo(0.75);
        assertThat(Activation.LEAKY_RELU.nonlinearity().recommendedGain())
                .isEqualTo(Gain.calculate("leaky_relu", OptionalDouble.of(0.01)));
        for (Activation activation : new Activation[] {Activation.GELU, Activation.GELU_TANH, Activation.SILU,
                Activation.MISH, Activation.ELU}) {
            assertThat(activation.nonlinearity().recommendedGain()).as("%s", activation)
                    .isEqualTo(activation.nonlinearity().exactGain());
            // PyTorch's table stays PyTorch's: calculate_gain raises for these
            assertThatThrownBy(() -> activation.nonlinearity().gain()).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
