package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The mean and sample standard deviation of results over seeds: the one place initlab computes them, for
 * {@link InitSummary}, the results file, the summary table and the report.
 *
 * <p>The standard deviation is the sample one (Bessel's {@code n - 1}); it is undefined, and so {@code NaN},
 * for fewer than two values: one trial says nothing about the spread between seeds, and a 0 would claim
 * there is none. Output writes it as {@code null} (JSON) or {@code n/a} (tables).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SampleStatistics {
    private SampleStatistics() {
    }

    /**
     * @param values the sample
     * @return its arithmetic mean, {@code NaN} when empty
     */
    public static double mean(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    /**
     * @param values the sample
     * @return its sample standard deviation {@code sqrt(sum((x - mean)^2) / (n - 1))}, {@code NaN} below two
     *         values
     */
    public static double std(List<Double> values) {
        if (values.size() < 2) {
            return Double.NaN;
        }
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.size() - 1));
    }
}
