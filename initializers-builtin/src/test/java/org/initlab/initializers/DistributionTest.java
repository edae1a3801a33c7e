package org.initlab.initializers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.initlab.spi.ParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kolmogorov-Smirnov tests of every random initializer against the distribution its formula defines. The
 * theoretical parameters are written out here from the papers' formulas, independently of the code under
 * test, so a wrong fan, gain or constant fails.
 */
class DistributionTest {
    private static final double MIN_P = 1e-4;
    private static final List<int[]> SHAPES = List.of(new int[] {256, 784}, new int[] {10, 128},
            new int[] {16, 3, 5, 5});
    private static final long[] SEEDS = {1, 42, 20_260_101};

    /** A spec and the distribution it must follow on a given shape. */
    private record Case(String spec, Theory theory) {
    }

    @FunctionalInterface
    private interface Theory {
        ContinuousDistribution on(Fan fan);
    }

    /** Fans written out independently of {@link org.initlab.spi.Fans}. */
    private record Fan(double in, double out) {
        static Fan of(int[] shape) {
            double rf = 1;
            for (int i = 2; i < shape.length; i++) {
                rf *= shape[i];
            }
            return new Fan(shape[1] * rf, shape[0] * rf);
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("uniform", f -> UniformContinuousDistribution.of(0, 1)),
            new Case("uniform(a=-2, b=3)", f -> UniformContinuousDistribution.of(-2, 3)),
            new Case("normal", f -> NormalDistribution.of(0, 1)),
            new Case("normal(mean=1.5, std=0.02)", f -> NormalDistribution.of(1.5, 0.02)),
            new Case("xavier-uniform", f -> symmetricUniform(Math.sqrt(6 / (f.in() + f.out())))),
            new Case("glorot-uniform(gain=2)", f -> symmetricUniform(2 * Math.sqrt(6 / (f.in() + f.out())))),
            new Case("xavier-normal", f -> NormalDistribution.of(0, Math.sqrt(2 / (f.in() + f.out())))),
            new Case("glorot-normal(gain=0.5)", f -> NormalDistribution.of(0, 0.5 * Math.sqrt(2 / (f.in() + f.out())))),
            new Case("he-uniform", f -> symmetricUniform(Math.sqrt(2) * Math.sqrt(3 / f.in()))),
            new Case("he-uniform(a=0.2, mode=fan_out)",
                    f -> symmetricUniform(Math.sqrt(2 / (1 + 0.04)) * Math.sqrt(3 / f.out()))),
            new Case("kaiming-uniform(a=3, nonlinearity=tanh)", f -> symmetricUniform(5.0 / 3 * Math.sqrt(3 / f.in()))),
            new Case("he-normal", f -> NormalDistribution.of(0, Math.sqrt(2 / f.in()))),
            new Case("he-normal(mode=fan_out, nonlinearity=relu)",
                    f -> NormalDistribution.of(0, Math.sqrt(2 / f.out()))),
            new Case("kaiming-normal(a=1)", f -> NormalDistribution.of(0, Math.sqrt(1 / f.in()))),
            new Case("he-normal(nonlinearity=selu)", f -> NormalDistribution.of(0, 0.75 / Math.sqrt(f.in()))),
            new Case("lecun-uniform", f -> symmetricUniform(Math.sqrt(3 / f.in()))),
            new Case("lecun-normal", f -> NormalDistribution.of(0, Math.sqrt(1 / f.in()))),
            new Case("scaled-normal", f -> NormalDistribution.of(0, Math.sqrt(1 / f.in()))),
            new Case("scaled-normal(sigma_w=2.5)", f -> NormalDistribution.of(0, 2.5 / Math.sqrt(f.in()))),
            new Case("scaled-normal(sigma_w=0.5)", f -> NormalDistribution.of(0, 0.5 / Math.sqrt(f.in()))),
            new Case("trunc-normal", f -> TruncatedNormalDistribution.of(0, 1, -2, 2)),
            new Case("trunc-normal(mean=1, std=0.5, a=0, b=1.5)", f -> TruncatedNormalDistribution.of(1, 0.5, 0, 1.5)),
            new Case("truncated-normal(std=2, a=3, b=9)", f -> TruncatedNormalDistribution.of(0, 2, 3, 9)),
            new Case("trunc-normal(mean=-1, std=0.1, a=-0.9, b=1)",
                    f -> TruncatedNormalDistribution.of(-1, 0.1, -0.9, 1)),
            new Case("variance-scaling", f -> twoSigmaTruncated(Math.sqrt(1 / f.in()) / 0.87962566103423978)),
            new Case("variance-scaling(2, fan_out)",
                    f -> twoSigmaTruncated(Math.sqrt(2 / f.out()) / 0.87962566103423978)),
            new Case("variance-scaling(0.5, fan_avg, untruncated_normal)",
                    f -> NormalDistribution.of(0, Math.sqrt(0.5 / ((f.in() + f.out()) / 2)))),
            new Case("variance-scaling(3, fan_in, uniform)", f -> symmetricUniform(Math.sqrt(3 * 3 / f.in()))),
            new Case("pytorch-default", f -> symmetricUniform(1 / Math.sqrt(f.in()))),
            new Case("keras-default", f -> symmetricUniform(Math.sqrt(6 / (f.in() + f.out())))),
            new Case("djl-default", f -> symmetricUniform(Math.sqrt(12 / (f.in() + f.out())))));

    static Stream<Arguments> cases() {
        return CASES.stream().flatMap(c -> SHAPES.stream().flatMap(shape -> Arrays.stream(SEEDS)
                .mapToObj(seed -> Arguments.of(c.spec(), shape, seed, c.theory()))));
    }

    @ParameterizedTest(name = "{0} on {1} with seed {2}")
    @MethodSource("cases")
    void valuesFollowTheDistributionOfTheFormula(String spec, int[] shape, long seed, Theory theory) {
        ParameterSpec parameter = Catalogue.weight(shape);
        double[] values = Catalogue.toDoubles(Catalogue.sample(spec, parameter, seed));

        double p = pValue(values, theory.on(Fan.of(shape)));

        assertThat(p).as("KS p-value of %s on %s, seed %d", spec, parameter.shape(), seed).isGreaterThan(MIN_P);
    }

    @Test
    void theTestRejectsHeNormalValuesCheckedAgainstTheLecunStd() {
        int[] shape = {256, 784};
        double[] values = Catalogue.toDoubles(Catalogue.sample("he-normal", Catalogue.weight(shape), 1));

        assertThat(pValue(values, NormalDistribution.of(0, Math.sqrt(1.0 / 784)))).isLessThan(MIN_P);
    }

    @Test
    void theTestRejectsFanOutValuesCheckedAgainstTheFanInBound() {
        int[] shape = {16, 3, 5, 5};
        double[] values = Catalogue.toDoubles(
                Catalogue.sample("he-uniform(mode=fan_out)", Catalogue.weight(shape), 1));

        assertThat(pValue(values, symmetricUniform(Math.sqrt(6.0 / 75)))).isLessThan(MIN_P);
    }

    @Test
    void theTestRejectsXavierNormalValuesCheckedAgainstTheXavierUniformDistribution() {
        int[] shape = {256, 784};
        double[] values = Catalogue.toDoubles(Catalogue.sample("xavier-normal", Catalogue.weight(shape), 1));

        assertThat(pValue(values, symmetricUniform(Math.sqrt(6.0 / (256 + 784))))).isLessThan(MIN_P);
    }

    @Test
    void theTestRejectsVarianceScalingValuesCheckedAgainstATruncationWithoutTheRescaling() {
        int[] shape = {256, 784};
        double[] values = Catalogue.toDoubles(Catalogue.sample("variance-scaling", Catalogue.weight(shape), 1));

        assertThat(pValue(values, twoSigmaTruncated(Math.sqrt(1.0 / 784)))).isLessThan(MIN_P);
    }

    @Test
    void theTestRejectsTruncNormalValuesCheckedAgainstTheUntruncatedNormal() {
        double[] values = Catalogue.toDoubles(Catalogue.sample("trunc-normal", Catalogue.weight(256, 784), 1));

        assertThat(pValue(values, NormalDistribution.of(0, 1))).isLessThan(MIN_P);
    }

    @ParameterizedTest(name = "[{0}, {1}] with mean {2}")
    @CsvSource({"8, 9, 0", "-40, -30, 0", "20, 1000, 0", "-3, -2.5, 1"})
    void truncNormalSamplesIntervalsFarInTheTailsCorrectly(double a, double b, double mean) {
        String spec = "trunc-normal(mean=" + mean + ", a=" + a + ", b=" + b + ")";
        double[] values = Catalogue.toDoubles(Catalogue.sample(spec, Catalogue.weight(100, 100), 3));

        assertThat(Arrays.stream(values).min().orElseThrow()).isGreaterThanOrEqualTo(a);
        assertThat(Arrays.stream(values).max().orElseThrow()).isLessThanOrEqualTo(b);
        assertThat(pValue(values, TruncatedNormalDistribution.of(mean, 1, a, b))).as(spec).isGreaterThan(MIN_P);
    }

    @Test
    void truncNormalBeyondTheRangeOfDoublesGivesTheNearerBound() {
        assertThat(Catalogue.sample("trunc-normal(a=40, b=41)", Catalogue.weight(3, 3), 1)).containsOnly(40f);
        assertThat(Catalogue.sample("trunc-normal(a=-41, b=-40)", Catalogue.weight(3, 3), 1)).containsOnly(-40f);
    }

    @ParameterizedTest(name = "sparse({0}) with std {1}")
    @CsvSource({"0.5, 0.01", "0.9, 2"})
    void sparseNonZerosFollowTheNormalOfTheirStd(double sparsity, double std) {
        float[] values = Catalogue.sample("sparse(" + sparsity + ", " + std + ")", Catalogue.weight(400, 300), 7);
        double[] nonZero = Arrays.stream(Catalogue.toDoubles(values)).filter(v -> v != 0).toArray();

        assertThat(nonZero).hasSize((400 - (int) Math.ceil(sparsity * 400)) * 300);
        assertThat(pValue(nonZero, NormalDistribution.of(0, std))).isGreaterThan(MIN_P);
    }

    private static ContinuousDistribution twoSigmaTruncated(double std) {
        return TruncatedNormalDistribution.of(0, std, -2 * std, 2 * std);
    }

    private static double pValue(double[] values, ContinuousDistribution distribution) {
        return KolmogorovSmirnovTest.withDefaults().test(values, distribution::cumulativeProbability).getPValue();
    }

    private static ContinuousDistribution symmetricUniform(double bound) {
        return UniformContinuousDistribution.of(-bound, bound);
    }
}
