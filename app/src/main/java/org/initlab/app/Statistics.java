package org.initlab.app;

import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;
import org.initlab.core.experiment.SampleStatistics;

/** The report's inference over seeds, from commons-statistics; means and stds are {@link SampleStatistics}'. */
final class Statistics {
    private Statistics() {
    }

    /** A two-sided confidence interval of a mean. */
    record Interval(double low, double high) {
    }

    /**
     * The 95% confidence interval of the mean with Student's t distribution:
     * {@code mean ± t(0.975, n - 1) * s / sqrt(n)}.
     *
     * @param values the sample
     * @return the interval; empty below two values
     */
    static java.util.Optional<Interval> confidence95(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return java.util.Optional.empty();
        }
        double mean = SampleStatistics.mean(values);
        double half = TDistribution.of(n - 1).inverseCumulativeProbability(0.975) * SampleStatistics.std(values) / Math.sqrt(n);
        return java.util.Optional.of(new Interval(mean - half, mean + half));
    }

    /**
     * Welch's two-sided t-test (unequal variances) of two samples.
     *
     * @param a one sample
     * @param b the other
     * @return the p-value; empty when either sample has fewer than two values or both have no variance
     */
    static OptionalDouble welchP(List<Double> a, List<Double> b) {
        if (a.size() < 2 || b.size() < 2) {
            return OptionalDouble.empty();
        }
        double p = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC)
                .test(a.stream().mapToDouble(Double::doubleValue).toArray(),
                        b.stream().mapToDouble(Double::doubleValue).toArray()).getPValue();
        return Double.isFinite(p) ? OptionalDouble.of(p) : OptionalDouble.empty();
    }
}
