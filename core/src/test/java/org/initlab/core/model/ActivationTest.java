package org.initlab.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeMatchesFiniteDifferences(Activation activation) {
        for (double x = -3.1; x < 3; x += 0.37) {
            double h = 1e-6;
            double numeric = (activation.apply(x + h) - activation.apply(x - h)) / (2 * h);
            assertThat(activation.derivative(x, activation.apply(x))).as("%s at %s", activation, x)
                    .isCloseTo(numeric, within(1e-5));
        }
    }

    @Test
    void knownValuesMatchPyTorch() {
        assertThat(Activation.SELU.apply(-1)).isCloseTo(-1.1113307378125628, within(1e-12));
        assertThat(Activation.GELU.apply(1)).isCloseTo(0.8413447460685429, within(1e-7));
        assertThat(Activation.ELU.apply(-1)).isCloseTo(-0.6321205588285577, within(1e-12));
        assertThat(Activation.LEAKY_RELU.apply(-2)).isEqualTo(-0.02);
        assertThat(Activation.erf(0.5)).isCloseTo(0.5204998778130465, within(2e-7));
        assertThat(Activation.SILU.apply(1)).isCloseTo(0.7310585786300049, within(1e-15));
        assertThat(Activation.SILU.apply(-2)).isCloseTo(-0.2384058440442351, within(1e-15));
        assertThat(Activation.GELU_TANH.apply(1)).isCloseTo(0.8411919906082768, within(1e-15));
        assertThat(Activation.MISH.apply(1)).isCloseTo(0.8650983882673103, within(1e-15));
        assertThat(Activation.MISH.apply(-2)).isCloseTo(-0.2525014826957089, within(1e-15));
        assertThat(Activation.MISH.apply(50)).isEqualTo(50);
        assertThat(Activation.SILU.apply(-800)).isEqualTo(-0.0);
    }

    @Test
    void newerActivationsParseByTheirSpecNamesAndAliases() {
        assertThat(Activation.parse("silu")).isEqualTo(Activation.SILU);
        assertThat(Activation.parse("swish")).isEqualTo(Activation.SILU);
        assertThat(Activation.parse("gelu_tanh")).isEqualTo(Activation.GELU_TANH);
        assertThat(Activation.parse("gelu-tanh")).isEqualTo(Activation.GELU_TANH);
        assertThat(Activation.parse("Mish")).isEqualTo(Activation.MISH);
        assertThat(Activation.GELU_TANH.nonlinearity().name()).isEqualTo("gelu_tanh");
    }

    @Test
    void identityIsPyTorchsLinearForGains() {
        assertThat(Activation.parse("linear")).isEqualTo(Activation.IDENTITY);
        assertThat(Activation.IDENTITY.nonlinearity().gain()).isEqualTo(1.0);
        assertThat(Activation.RELU.nonlinearity().gain()).isEqualTo(Math.sqrt(2));
    }
}
