package org.initlab.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** {@link Gain#exact} and {@link Gain#recommended}, and that {@link Gain#calculate} stays PyTorch's. */
class ExactGainTest {

    @Test
    void calculateStillRefusesWhatPyTorchRefuses() {
        for (String name : Gain.EXACT_ONLY) {
            assertThatThrownBy(() -> Gain.calculate(name)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unsupported nonlinearity '" + name + "'");
        }
        assertThat(Gain.NONLINEARITIES).doesNotContainAnyElementsOf(Gain.EXACT_ONLY);
    }

    @Test
    void recommendedIsCalculateForEveryNamePyTorchKnows() {
        for (String name : Gain.NONLINEARITIES) {
            for (double a : new double[] {0, 0.01, 0.2}) {
                assertThat(Gain.recommended(name, OptionalDouble.of(a))).as("%s a=%s", name, a)
                        .isEqualTo(Gain.calculate(name, OptionalDouble.of(a)));
            }
        }
        assertThat(Gain.RECOMMENDED_NONLINEARITIES).startsWith(Gain.NONLINEARITIES.toArray(String[]::new))
                .endsWith(Gain.EXACT_ONLY.toArray(String[]::new));
    }

    @Test
    void recommendedIsExactWherePyTorchHasNoGain() {
        assertThat(Gain.recommended("gelu", OptionalDouble.empty())).isEqualTo(1.5335304411955352);
        assertThat(Gain.recommended("gelu_tanh", OptionalDouble.empty())).isEqualTo(1.5335805216661469);
        assertThat(Gain.recommended("silu", OptionalDouble.empty())).isEqualTo(1.6765324703310912);
        assertThat(Gain.recommended("mish", OptionalDouble.empty())).isEqualTo(1.486847581273208);
        assertThat(Gain.recommended("elu", OptionalDouble.of(1))).isEqualTo(1.2451983007007066);
        assertThat(new Nonlinearity("elu", OptionalDouble.of(1)).recommendedGain()).isEqualTo(1.2451983007007066);
    }

    @Test
    void exactGainsOfTheClosedFormCasesAreTheirClosedForms() {
        assertThat(Gain.exact("relu", OptionalDouble.empty())).isEqualTo(Math.sqrt(2));
        assertThat(Gain.exact("leaky_relu", OptionalDouble.of(0.2))).isEqualTo(Math.sqrt(2 / 1.04));
        assertThat(Gain.exact("linear", OptionalDouble.empty())).isEqualTo(1);
        // SELU's constants are chosen so that E[selu(z)^2] = 1 for z ~ N(0, 1)
        assertThat(Gain.exact("selu", OptionalDouble.empty())).isEqualTo(1);
        // tanh's exact gain sits below PyTorch's 5/3, sigmoid's far above PyTorch's 1
        assertThat(Gain.exact("tanh", OptionalDouble.empty())).isCloseTo(1.5925, within(1e-4));
        assertThat(Gain.exact("sigmoid", OptionalDouble.empty())).isCloseTo(1.8462, within(1e-4));
    }

    @Test
    void unknownNamesListWhatIsKnown() {
        assertThatThrownBy(() -> Gain.exact("softsign", OptionalDouble.empty()))
                .hasMessage("unsupported nonlinearity 'softsign' (known: "
                        + String.join(", ", Gain.RECOMMENDED_NONLINEARITIES) + ")");
        assertThatThrownBy(() -> Gain.recommended("softsign", OptionalDouble.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
