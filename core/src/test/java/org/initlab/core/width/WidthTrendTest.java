package org.initlab.core.width;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WidthTrendTest {
    private static final int[] WIDTHS = {32, 64, 128, 256};
    private static final ProbedLayer LAYER = new ProbedLayer("4", "dense");

    private static double[] power(double c, double b) {
        double[] v = new double[WIDTHS.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = c * Math.pow(WIDTHS[i], b);
        }
        return v;
    }

    @Test
    void theExponentOfAnExactPowerLawIsItsPower() {
        assertThat(WidthTrend.exponent(WIDTHS, power(3, 0.5))).isCloseTo(0.5, within(1e-12));
        assertThat(WidthTrend.exponent(WIDTHS, power(0.1, -1))).isCloseTo(-1, within(1e-12));
        assertThat(WidthTrend.exponent(new int[] {10, 1000}, new double[] {2, 2})).isCloseTo(0, within(1e-12));
    }

    @Test
    void theExponentIsTheLeastSquaresSlopeOnLogLog() {
        // log2 widths 5, 6, 7, 8 and log2 values 0, 2, 2, 4: slope = sum dx dy / sum dx^2 = 6 / 5
        double slope = WidthTrend.exponent(WIDTHS, new double[] {1, 4, 4, 16});
        assertThat(slope).isCloseTo(1.2, within(1e-12));
    }

    @Test
    void zeroEverywhereIsExponentZeroButZeroOrNonFiniteSomewhereIsNoExponent() {
        assertThat(WidthTrend.exponent(WIDTHS, new double[4])).isZero();
        assertThat(WidthTrend.exponent(WIDTHS, new double[] {1, 0, 1, 1})).isNaN();
        assertThat(WidthTrend.exponent(WIDTHS, new double[] {1, Double.NaN, 1, 1})).isNaN();
        assertThat(WidthTrend.exponent(WIDTHS, new double[] {1, Double.POSITIVE_INFINITY, 1, 1})).isNaN();
    }

    @Test
    void fittingNeedsTwoDifferentWidths() {
        assertThatThrownBy(() -> WidthTrend.exponent(new int[] {64}, new double[] {1}))
                .hasMessageContaining("at least 2 widths");
        assertThatThrownBy(() -> WidthTrend.exponent(new int[] {64, 64}, new double[] {1, 2}))
                .hasMessageContaining("2 different widths");
        assertThatThrownBy(() -> WidthTrend.exponent(new int[] {64, 128}, new double[] {1}))
                .hasMessageContaining("2 widths but 1 values");
    }

    @Test
    void theVerdictJudgesTheStepWithTheLargestExponent() {
        double[][] changes = {new double[4], power(1, 0.1), power(1, 0.9), power(1, 0.4)};
        double[][] sizes = {power(1, 0), power(1, 0), power(1, 0.5), power(1, 0.3)};
        WidthTrend trend = WidthTrend.of(LAYER, WIDTHS, changes, sizes);
        assertThat(trend.changeExponents()).hasSize(3);
        assertThat(trend.sizeExponents()).hasSize(4);
        assertThat(trend.step()).isEqualTo(2);
        assertThat(trend.exponent()).isCloseTo(0.9, within(1e-12));
        assertThat(trend.sizeExponent()).isCloseTo(0.5, within(1e-12));
        assertThat(trend.verdict()).isEqualTo(WidthTrend.Verdict.GROWS);
        assertThat(trend.description()).isEqualTo("grows with width (exponent 0.90)");
    }

    @Test
    void verdictsOnEitherSideOfTheThreshold() {
        double t = WidthTrend.STABLE_EXPONENT;
        assertThat(judge(t - 0.01).verdict()).isEqualTo(WidthTrend.Verdict.STABLE);
        assertThat(judge(t - 0.01).description()).isEqualTo("stable");
        assertThat(judge(-t + 0.01).verdict()).isEqualTo(WidthTrend.Verdict.STABLE);
        assertThat(judge(t + 0.01).verdict()).isEqualTo(WidthTrend.Verdict.GROWS);
        assertThat(judge(-0.5).verdict()).isEqualTo(WidthTrend.Verdict.VANISHES);
        assertThat(judge(-0.5).description()).isEqualTo("vanishes with width (exponent -0.50)");
    }

    @Test
    void aDivergedStepMakesTheVerdictUndefinedWhateverTheOtherSteps() {
        double[][] changes = {new double[4], power(1, 1), {1, Double.NaN, 2, 3}};
        double[][] sizes = {power(1, 0), power(1, 1), {1, Double.NaN, 2, 3}};
        WidthTrend trend = WidthTrend.of(LAYER, WIDTHS, changes, sizes);
        assertThat(trend.verdict()).isEqualTo(WidthTrend.Verdict.UNDEFINED);
        assertThat(trend.step()).isEqualTo(2);
        assertThat(trend.description()).startsWith("undefined");
    }

    private static WidthTrend judge(double b) {
        return WidthTrend.of(LAYER, WIDTHS, new double[][] {new double[4], power(2, b)},
                new double[][] {power(1, 0), power(1, 0)});
    }
}
