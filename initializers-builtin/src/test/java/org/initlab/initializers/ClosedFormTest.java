package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact checks of the formulas: expected standard deviations, bounds and constants for known shapes. */
class ClosedFormTest {
    private static final double EXACT = 1e-15;
    private static final ParameterSpec DENSE = Catalogue.weight(512, 784);
    /** fan_in = 3 * 25 = 75, fan_out = 16 * 25 = 400. */
    private static final ParameterSpec CONV = Catalogue.weight(16, 3, 5, 5);

    @Test
    void heNormalStdOnDenseWeightIsSqrtTwoOverFanIn() {
        assertThat(std("he-normal", DENSE)).isCloseTo(Math.sqrt(2.0 / 784), within(EXACT));
    }

    @Test
    void xavierUniformValuesFillTheRangeUpToSqrtSixOverFanSum() {
        double bound = Math.sqrt(6.0 / (784 + 512));
        float[] values = Catalogue.sample("xavier-uniform", DENSE, 3);

        assertThat(min(values)).isGreaterThanOrEqualTo(-bound);
        assertThat(max(values)).isLessThan(bound);
        assertThat(maxAbs(values)).isGreaterThan(0.999 * bound);
        assertThat(std("xavier-uniform", DENSE)).isCloseTo(bound / Math.sqrt(3), within(EXACT));
    }

    @Test
    void xavierGainScalesTheStd() {
        assertThat(std("xavier-normal(gain=1.5)", CONV)).isCloseTo(1.5 * Math.sqrt(2.0 / 475), within(EXACT));
        assertThat(std("xavier-uniform(gain=1.5)", CONV)).isCloseTo(1.5 * Math.sqrt(2.0 / 475), within(EXACT));
    }

    @Test
    void leakyReluGainWithSlopeOneTenthIsSqrtTwoOverOnePointZeroOne() {
        double gain = Math.sqrt(2 / 1.01);

        assertThat(std("he-normal(a=0.1)", DENSE)).isCloseTo(gain / Math.sqrt(784), within(EXACT));
        assertThat(std("he-uniform(a=0.1)", DENSE)).isCloseTo(gain / Math.sqrt(784), within(EXACT));
    }

    @Test
    void fanOutModeUsesFirstDimensionTimesReceptiveField() {
        assertThat(std("he-normal(mode=fan_out)", CONV)).isCloseTo(Math.sqrt(2.0 / 400), within(EXACT));
        assertThat(std("he-normal", CONV)).isCloseTo(Math.sqrt(2.0 / 75), within(EXACT));

        double bound = Math.sqrt(2) * Math.sqrt(3.0 / 400);
        float[] values = Catalogue.sample("he-uniform(mode=fan_out)", CONV, 5);
        assertThat(min(values)).isGreaterThanOrEqualTo(-bound);
        assertThat(max(values)).isLessThanOrEqualTo(bound);
        assertThat(maxAbs(values)).isGreaterThan(0.99 * bound);
    }

    @ParameterizedTest(name = "{0} has gain {1}")
    @CsvSource({
        "relu, 1.4142135623730951",
        "tanh, 1.6666666666666667",
        "selu, 0.75",
        "linear, 1",
        "sigmoid, 1",
        "conv2d, 1"})
    void slopeIsIgnoredForNonlinearitiesOtherThanLeakyRelu(String nonlinearity, double gain) {
        String spec = "he-normal(a=0.1, nonlinearity=" + nonlinearity + ")";

        assertThat(std(spec, DENSE)).isCloseTo(gain / Math.sqrt(784), within(EXACT));
    }

    @Test
    void heUniformStdIsBoundOverSqrtThree() {
        double bound = Math.sqrt(2) * Math.sqrt(3.0 / 784);
        float[] values = Catalogue.sample("he-uniform", DENSE, 11);

        assertThat(min(values)).isGreaterThanOrEqualTo(-bound);
        assertThat(max(values)).isLessThanOrEqualTo(bound);
        assertThat(maxAbs(values)).isGreaterThan(0.999 * bound);
        assertThat(std("he-uniform", DENSE)).isCloseTo(bound / Math.sqrt(3), within(EXACT));
    }

    @Test
    void lecunUsesFanInOnly() {
        double bound = Math.sqrt(3.0 / 75);
        float[] values = Catalogue.sample("lecun-uniform", CONV, 5);

        assertThat(min(values)).isGreaterThanOrEqualTo(-bound);
        assertThat(max(values)).isLessThanOrEqualTo(bound);
        assertThat(maxAbs(values)).isGreaterThan(0.99 * bound);
        assertThat(std("lecun-uniform", CONV)).isCloseTo(Math.sqrt(1.0 / 75), within(EXACT));
        assertThat(std("lecun-normal", CONV)).isCloseTo(Math.sqrt(1.0 / 75), within(EXACT));
    }

    @Test
    void lecunNormalIsUntruncated() {
        float[] values = Catalogue.sample("lecun-normal", DENSE, 1);

        assertThat(maxAbs(values)).isGreaterThan(2.5 * Math.sqrt(1.0 / 784));
    }

    @Test
    void scaledNormalWithUnitScaleIsLecunNormalBitForBit() {
        assertThat(Catalogue.sample("scaled-normal", CONV, 3)).containsExactly(Catalogue.sample("lecun-normal", CONV, 3));
        assertThat(Catalogue.sample("scaled-normal(sigma_w=1.4142135623730951)", DENSE, 3))
                .containsExactly(Catalogue.sample("he-normal", DENSE, 3));
    }

    @Test
    void scaledNormalStdIsSigmaWOverSqrtFanInAndZeroScaleGivesZeros() {
        assertThat(std("scaled-normal(sigma_w=2.5)", CONV)).isCloseTo(2.5 / Math.sqrt(75), within(EXACT));
        assertThat(std("scaled-normal(sigma_w=0.5)", DENSE)).isCloseTo(0.5 / Math.sqrt(784), within(EXACT));
        assertThat(Catalogue.sample("scaled-normal(sigma_w=0)", DENSE, 1)).containsOnly(0f);
        assertThatIllegalArgumentException().isThrownBy(() -> Catalogue.create("scaled-normal(sigma_w=-1)"))
                .withMessage("option 'sigma_w' of scaled-normal must be >= 0, got -1");
    }

    @Test
    void uniformStdIsWidthOverSqrtTwelveAndValuesStayInTheHalfOpenRange() {
        float[] values = Catalogue.sample("uniform(a=-1, b=3)", DENSE, 2);

        assertThat(min(values)).isGreaterThanOrEqualTo(-1);
        assertThat(max(values)).isLessThan(3);
        assertThat(std("uniform(a=-1, b=3)", DENSE)).isCloseTo(4 / Math.sqrt(12), within(EXACT));
    }

    @Test
    void uniformKeepsTheUpperBoundExclusiveAfterRoundingToFloat() {
        double a = 0.9999999;
        float[] values = Catalogue.sample("uniform(a=0.9999999, b=1)", Catalogue.weight(64, 64), 1);

        assertThat(min(values)).isGreaterThanOrEqualTo(a);
        assertThat(max(values)).isLessThan(1.0);
    }

    @Test
    void equalUniformBoundsGiveThatConstant() {
        assertThat(Catalogue.sample("uniform(a=2, b=2)", DENSE, 1)).containsOnly(2f);
        assertThat(std("uniform(a=2, b=2)", DENSE)).isZero();
    }

    @Test
    void zeroStdNormalGivesItsMean() {
        assertThat(Catalogue.sample("normal(mean=3, std=0)", DENSE, 1)).containsOnly(3f);
    }

    @ParameterizedTest(name = "{0} fills with {1}")
    @CsvSource({"zeros, 0", "zero, 0", "ones, 1", "constant(-2.5), -2.5", "constant(value=0.1), 0.1"})
    void constantInitializersFillEveryElementAndHaveZeroStd(String spec, float value) {
        assertThat(Catalogue.sample(spec, CONV, 1)).hasSize(1200).containsOnly(value);
        assertThat(std(spec, CONV)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"uniform(a=-0.5, b=1.5)", "normal(mean=1, std=0.3)", "xavier-uniform", "xavier-normal",
        "he-uniform(nonlinearity=tanh)", "he-normal(mode=fan_out)", "lecun-uniform", "lecun-normal", "trunc-normal",
        "trunc-normal(mean=1, std=2, a=0, b=3)", "variance-scaling", "variance-scaling(2, fan_avg, uniform)",
        "variance-scaling(0.5, fan_out, untruncated_normal)", "orthogonal(3)", "sparse(0.3, std=0.5)",
        "pytorch-default", "keras-default", "djl-default"})
    void expectedStdAgreesWithTheSampleStd(String spec) {
        ParameterSpec parameter = Catalogue.weight(256, 784);
        float[] values = Catalogue.sample(spec, parameter, 9);

        assertThat(sampleStd(values)).isCloseTo(std(spec, parameter), within(0.01 * std(spec, parameter)));
    }

    @Test
    void expectedStdIsEmptyWhenTheSelectedFanIsZero() {
        ParameterSpec noInputs = Catalogue.weight(4, 0);

        assertThat(Catalogue.create("he-normal").expectedStd(noInputs)).isEmpty();
        assertThat(Catalogue.create("lecun-uniform").expectedStd(noInputs)).isEmpty();
        assertThat(Catalogue.create("he-normal(mode=fan_out)").expectedStd(Catalogue.weight(0, 4))).isEmpty();
        assertThat(Catalogue.create("xavier-normal").expectedStd(Catalogue.weight(0, 0))).isEmpty();
        assertThat(Catalogue.create("xavier-normal").expectedStd(noInputs)).hasValue(Math.sqrt(2.0 / 4));
    }

    private static double std(String spec, ParameterSpec parameter) {
        Initializer initializer = Catalogue.create(spec);
        return initializer.expectedStd(parameter).orElseThrow();
    }

    private static double min(float[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    private static double max(float[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static double sampleStd(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (float v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }
}
