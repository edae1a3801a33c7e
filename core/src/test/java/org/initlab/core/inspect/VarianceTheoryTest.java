package org.initlab.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.initlab.core.model.Activation;
import org.initlab.spi.SeededRandom;
import org.junit.jupiter.api.Test;

class VarianceTheoryTest {

    @Test
    void scaleFreeActivationsHaveClosedFormGains() {
        for (double q : new double[] {1e-6, 1, 1e4}) {
            assertThat(VarianceTheory.gain(Activation.IDENTITY, q)).isEqualTo(1);
            assertThat(VarianceTheory.gain(Activation.RELU, q)).isEqualTo(0.5);
            assertThat(VarianceTheory.gain(Activation.LEAKY_RELU, q)).isCloseTo(0.50005, within(1e-12));
        }
    }

    @Test
    void quadratureAgreesWithTheClosedFormsItDoesNotNeed() {
        assertThat(VarianceTheory.gaussianSecondMoment(Activation.IDENTITY, 1.7)).isCloseTo(1.7 * 1.7, within(1e-9));
        assertThat(VarianceTheory.gaussianSecondMoment(Activation.RELU, 2)).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void quadratureAgreesWithMonteCarloForSmoothActivations() {
        for (Activation a : new Activation[] {Activation.TANH, Activation.SIGMOID, Activation.SELU, Activation.GELU,
                Activation.ELU}) {
            for (double s : new double[] {0.3, 1, 5}) {
                SeededRandom random = SeededRandom.of(7).fork(a.specName());
                int n = 400_000;
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    double y = a.apply(s * random.nextGaussian());
                    sum += y * y;
                }
                double monteCarlo = sum / n;
                assertThat(VarianceTheory.gaussianSecondMoment(a, s)).as("%s at s=%s", a, s)
                        .isCloseTo(monteCarlo, within(0.01 * monteCarlo + 1e-4));
            }
        }
        // E[tanh(Z)^2] for a standard normal Z
        assertThat(VarianceTheory.gaussianSecondMoment(Activation.TANH, 1)).isCloseTo(0.394294, within(1e-5));
    }

    @Test
    void tanhIsLinearForSmallInputsAndSaturatesForLargeOnes() {
        assertThat(VarianceTheory.gain(Activation.TANH, 1e-6)).isCloseTo(1, within(1e-5));
        assertThat(VarianceTheory.gain(Activation.TANH, 1e4)).isCloseTo(1e-4, within(1e-6));
        assertThat(VarianceTheory.gain(Activation.TANH, 0)).isNaN();
    }

    @Test
    void predictedRatioCombinesWeightsActivationAndBias() {
        // He: n Var(W) = 2, ReLU halves it
        assertThat(VarianceTheory.predictedRatio(512, 2.0 / 512, 0, Activation.RELU, 3)).isCloseTo(1, within(1e-12));
        // Glorot with fan_in = fan_out: Var(W) = 1/n
        assertThat(VarianceTheory.predictedRatio(512, 1.0 / 512, 0, Activation.RELU, 3)).isCloseTo(0.5, within(1e-12));
        assertThat(VarianceTheory.predictedRatio(10, 0.1, 0.5, Activation.IDENTITY, 2)).isCloseTo(1.25, within(1e-12));
    }
}
