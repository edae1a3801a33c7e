package org.initlab.core.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.initlab.core.model.Activation;
import org.junit.jupiter.api.Test;

class MeanFieldTest {
    @Test
    void secondMomentsAtUnitVarianceMatchClosedFormsAndQuadratureValues() {
        assertThat(MeanField.secondMoment(Activation.RELU, 1)).isCloseTo(0.5, within(1e-9));
        assertThat(MeanField.secondMoment(Activation.IDENTITY, 1)).isCloseTo(1, within(1e-9));
        assertThat(MeanField.secondMoment(Activation.RELU, 3)).isCloseTo(1.5, within(1e-9));
        // values from adaptive quadrature (scipy.integrate.quad) of the same integrals
        assertThat(MeanField.secondMoment(Activation.GELU, 1)).isCloseTo(0.4252, within(2e-4));
        assertThat(MeanField.secondMoment(Activation.ELU, 1)).isCloseTo(0.6449, within(2e-4));
        assertThat(MeanField.secondMoment(Activation.TANH, 1)).isCloseTo(0.3943, within(2e-4));
        assertThat(MeanField.secondMoment(Activation.SIGMOID, 1)).isCloseTo(0.2934, within(2e-4));
        assertThat(MeanField.secondMoment(Activation.SELU, 1)).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void preservingGainsGeneralizeHe() {
        assertThat(MeanField.preservingGain(Activation.RELU)).isCloseTo(Math.sqrt(2), within(1e-9));
        assertThat(MeanField.preservingGain(Activation.LEAKY_RELU)).isCloseTo(Math.sqrt(2 / (1 + 1e-4)), within(1e-9));
        assertThat(MeanField.preservingGain(Activation.GELU)).isCloseTo(1.5335, within(5e-4));
        assertThat(MeanField.preservingGain(Activation.ELU)).isCloseTo(1.2452, within(5e-4));
        assertThat(MeanField.preservingGain(Activation.TANH)).isCloseTo(1.5925, within(5e-4));
        assertThat(MeanField.preservingGain(Activation.SELU)).isCloseTo(1.0, within(1e-4));
        // the preserving gain makes q = 1 a fixed point
        assertThat(MeanField.fixedPoint(Activation.GELU, MeanField.preservingGain(Activation.GELU), 0))
                .isCloseTo(1, within(1e-6));
    }

    @Test
    void tanhWithGainFiveThirdsIsChaoticAndGainOneIsTheEdgeOfChaos() {
        double q = MeanField.fixedPoint(Activation.TANH, 5.0 / 3, 0);
        assertThat(q).isCloseTo(1.1785, within(1e-3));
        assertThat(MeanField.chi1(Activation.TANH, 5.0 / 3, q)).isCloseTo(1.2098, within(1e-3));
        // LSUV's fixed point, gain 1.593: q* = 1 and still chaotic
        double lsuv = MeanField.preservingGain(Activation.TANH);
        assertThat(MeanField.chi1(Activation.TANH, lsuv, MeanField.fixedPoint(Activation.TANH, lsuv, 0)))
                .isCloseTo(1.178, within(1e-3));
        // sigma_w = 1: q shrinks towards 0 and chi_1 -> 1 (tanh'(0) = 1)
        assertThat(MeanField.chi1(Activation.TANH, 1, 0)).isCloseTo(1, within(1e-12));
        double edge = MeanField.fixedPoint(Activation.TANH, 1, 0);
        assertThat(edge).isBetween(0.0, 1e-3);
        assertThat(MeanField.chi1(Activation.TANH, 1, edge)).isCloseTo(1, within(1e-3));
        // below the edge: ordered, q* = 0 exactly and chi_1 < 1
        assertThat(MeanField.chi1(Activation.TANH, 0.9, MeanField.fixedPoint(Activation.TANH, 0.9, 0)))
                .isCloseTo(0.81, within(1e-6));
        // ReLU at He's gain: chi_1 = 1 at every q (scale-free)
        assertThat(MeanField.chi1(Activation.RELU, Math.sqrt(2), 0.7)).isCloseTo(1, within(2e-3)); // kink at a node
    }

    @Test
    void theUnitFixedPointRepelsForGeluAndAttractsForEluAndTanh() {
        assertThat(MeanField.fixedPointSlope(Activation.GELU)).isCloseTo(1.1441, within(1e-3));
        assertThat(MeanField.fixedPointSlope(Activation.ELU)).isCloseTo(0.8910, within(1e-3));
        assertThat(MeanField.fixedPointSlope(Activation.TANH)).isCloseTo(0.4611, within(1e-3));
        assertThat(MeanField.fixedPointSlope(Activation.RELU)).isCloseTo(1, within(1e-6));
    }

    @Test
    void badParametersAreRejected() {
        assertThatThrownBy(() -> MeanField.fixedPoint(Activation.TANH, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma_w > 0");
        assertThatThrownBy(() -> MeanField.fixedPoint(Activation.TANH, 1, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma_b >= 0");
    }
}
