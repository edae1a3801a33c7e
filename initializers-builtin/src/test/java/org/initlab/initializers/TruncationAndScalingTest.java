package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.initlab.spi.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact checks of {@code trunc-normal} and {@code variance-scaling}: bounds, expected deviations, fans. */
class TruncationAndScalingTest {
    /** fan_in = 3 * 25 = 75, fan_out = 16 * 25 = 400. */
    private static final ParameterSpec CONV = Catalogue.weight(16, 3, 5, 5);

    @Test
    void truncNormalBoundsAreAbsoluteValues() {
        float[] values = Catalogue.sample("trunc-normal(std=0.02)", Catalogue.weight(300, 300), 1);
        float[] cut = Catalogue.sample("trunc-normal(mean=1, std=1, a=0.5, b=1.25)", Catalogue.weight(300, 300), 1);

        assertThat(maxAbs(values)).isGreaterThan(0.07).isLessThan(0.15);
        assertThat(min(cut)).isGreaterThanOrEqualTo(0.5f).isLessThan(0.501f);
        assertThat(max(cut)).isLessThanOrEqualTo(1.25f).isGreaterThan(1.249f);
    }

    @Test
    void truncNormalWithBoundsFarOutIsEffectivelyTheNormal() {
        assertThat(Catalogue.create("trunc-normal(std=0.02)").expectedStd(CONV).orElseThrow())
                .isCloseTo(0.02, within(1e-15));
    }

    @Test
    void truncNormalDefaultStdIsTheTwoSigmaConstant() {
        assertThat(Catalogue.create("trunc-normal").expectedStd(CONV).orElseThrow())
                .isCloseTo(0.87962566103423978, within(1e-15));
    }

    @Test
    void truncNormalStoredValuesStayInsideBoundsThatAreNotFloats() {
        float[] values = Catalogue.sample("trunc-normal(a=0.1, b=0.1000001)", Catalogue.weight(100, 100), 1);

        for (float v : values) {
            assertThat((double) v).isBetween(0.1, 0.1000001);
        }
    }

    @ParameterizedTest(name = "{0} has std sqrt({1} / {2})")
    @CsvSource(delimiter = '|', value = {
        "variance-scaling                                   | 1 | 75",
        "variance-scaling(mode=fan_out)                     | 1 | 400",
        "variance-scaling(2, fan_avg)                       | 2 | 237.5",
        "variance-scaling(0.5, fan_in, untruncated_normal)  | 0.5 | 75",
        "variance-scaling(3, fan_out, uniform)              | 3 | 400"})
    void varianceScalingStdIsSqrtScaleOverTheFanForEveryDistribution(String spec, double scale, double fan) {
        assertThat(Catalogue.create(spec).expectedStd(CONV).orElseThrow())
                .isCloseTo(Math.sqrt(scale / fan), within(1e-14 * Math.sqrt(scale / fan)));
    }

    @Test
    void varianceScalingTruncatesAtTwoRescaledStandardDeviations() {
        float[] values = Catalogue.sample("variance-scaling(2)", Catalogue.weight(300, 400), 5);
        double limit = 2 * Math.sqrt(2.0 / 400) / 0.87962566103423978;

        assertThat(maxAbs(values)).isLessThanOrEqualTo(limit).isGreaterThan(0.995 * limit);
    }

    @Test
    void varianceScalingUniformLimitIsSqrtThreeScaleOverN() {
        float[] values = Catalogue.sample("variance-scaling(2, fan_in, uniform)", Catalogue.weight(300, 400), 5);
        double limit = Math.sqrt(3 * 2.0 / 400);

        assertThat(maxAbs(values)).isLessThan(limit).isGreaterThan(0.999 * limit);
    }

    @Test
    void varianceScalingGuardsTheFanWithMaxOne() {
        assertThat(Catalogue.create("variance-scaling(4)").expectedStd(Catalogue.weight(3, 0)).orElseThrow())
                .isEqualTo(2);
        assertThat(Catalogue.create("variance-scaling(4, fan_avg, uniform)").expectedStd(Catalogue.weight(1, 0))
                .orElseThrow()).isEqualTo(2);
    }

    @Test
    void varianceScalingUntruncatedIsTheSameStreamAsHeNormalForScaleTwo() {
        assertThat(Catalogue.sample("variance-scaling(2, fan_in, untruncated_normal)", CONV, 8))
                .containsExactly(Catalogue.sample("he-normal(nonlinearity=relu)", CONV, 8));
    }

    private static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    private static float min(float[] values) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
