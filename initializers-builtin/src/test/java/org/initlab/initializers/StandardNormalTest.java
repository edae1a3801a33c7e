package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * {@link StandardNormal} against Apache Commons Statistics (an independent implementation on Boost's erf),
 * relative to the value, so the far tails count as much as the centre.
 */
class StandardNormalTest {
    private static final NormalDistribution REFERENCE = NormalDistribution.of(0, 1);

    @Test
    void cdfMatchesTheReferenceToFullPrecisionFromTheFarLowerTailToTheUpperHalf() {
        for (double x = -37.5; x <= 8; x += 0.0371) {
            double expected = REFERENCE.cumulativeProbability(x);

            assertThat(StandardNormal.cdf(x)).as("Phi(%s)", x).isCloseTo(expected, within(2e-14 * expected));
        }
    }

    @Test
    void cdfHasTheKnownValuesAndLimits() {
        assertThat(StandardNormal.cdf(0)).isEqualTo(0.5);
        assertThat(StandardNormal.cdf(-2)).isCloseTo(0.022750131948179209, within(1e-17));
        assertThat(StandardNormal.cdf(-10)).isCloseTo(7.619853024160526e-24, within(2e-14 * 7.6e-24));
        assertThat(StandardNormal.cdf(-40)).isZero();
        assertThat(StandardNormal.cdf(40)).isEqualTo(1);
        assertThat(StandardNormal.cdf(Double.NEGATIVE_INFINITY)).isZero();
    }

    @Test
    void inverseCdfMatchesTheReferenceFromTinyProbabilitiesToOne() {
        for (double log10 = -300; log10 < -0.31; log10 += 0.173) {
            double p = Math.pow(10, log10);
            double expected = REFERENCE.inverseCumulativeProbability(p);

            assertThat(StandardNormal.inverseCdf(p)).as("Phi^-1(%s)", p)
                    .isCloseTo(expected, within(1e-14 * Math.abs(expected)));
            assertThat(StandardNormal.inverseCdf(1 - p)).as("Phi^-1(1 - %s)", p)
                    .isCloseTo(REFERENCE.inverseCumulativeProbability(1 - p), within(1e-13 * Math.abs(expected)));
        }
        for (double p = 0.005; p < 1; p += 0.00731) {
            assertThat(StandardNormal.inverseCdf(p)).as("Phi^-1(%s)", p)
                    .isCloseTo(REFERENCE.inverseCumulativeProbability(p), within(2e-15));
        }
    }

    @Test
    void inverseCdfInvertsTheCdf() {
        // in the upper half Phi(x) is close to 1 and carries only absolute precision, so stop at 1
        for (double x = -37; x <= 1; x += 0.0913) {
            assertThat(StandardNormal.inverseCdf(StandardNormal.cdf(x))).as("x = %s", x)
                    .isCloseTo(x, within(1e-12 * Math.max(1, Math.abs(x))));
        }
    }

    @Test
    void inverseCdfOfTheEndpointsIsInfiniteAndOutsideIsRejected() {
        assertThat(StandardNormal.inverseCdf(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(StandardNormal.inverseCdf(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(StandardNormal.inverseCdf(0.5)).isZero();
        assertThat(StandardNormal.inverseCdf(Double.MIN_VALUE)).isCloseTo(-38.46740561714435, within(1e-7));
        assertThat(StandardNormal.inverseCdf(1e-310)).isCloseTo(-37.66306033194952, within(1e-7));
        assertThatIllegalArgumentException().isThrownBy(() -> StandardNormal.inverseCdf(1.5))
                .withMessage("probability must be in [0, 1], got 1.5");
        assertThatIllegalArgumentException().isThrownBy(() -> StandardNormal.inverseCdf(Double.NaN));
    }

    @Test
    void truncatedStdOfTheTwoSigmaCutIsKerasConstant() {
        assertThat(TruncatedNormal.std(0, 1, -2, 2)).isCloseTo(0.87962566103423978, within(1e-15));
        assertThat(TruncatedNormal.std(5, 3, -1, 11)).isCloseTo(3 * 0.87962566103423978, within(1e-14));
        assertThat(TruncatedNormal.std(0, 1, 0, 1e6)).isCloseTo(Math.sqrt(1 - 2 / Math.PI), within(1e-15));
    }
}
