package org.initlab.testkit.initializers;

import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/** The statistics the kit applies to the values an initializer wrote. */
final class SampleStatistics {
    private SampleStatistics() {
    }

    /** @return the p-value of the two-sided one-sample Kolmogorov-Smirnov test of {@code values} */
    static double kolmogorovSmirnovP(float[] values, ContinuousDistribution distribution) {
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = values[i];
        }
        return KolmogorovSmirnovTest.withDefaults().test(x, distribution::cumulativeProbability).getPValue();
    }

    /**
     * Whether the sample's variance is consistent with {@code std^2}: within {@code z} standard errors of the
     * sample variance, estimated from the sample's own fourth central moment, so it holds for any distribution
     * with finite moments and exactly for deterministic values.
     */
    static boolean varianceConsistent(float[] values, double std, double z) {
        int n = values.length;
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= n;
        double m2 = 0;
        double m4 = 0;
        for (float v : values) {
            double d = v - mean;
            m2 += d * d;
            m4 += d * d * d * d;
        }
        m2 /= n;
        m4 /= n;
        double standardError = Math.sqrt(Math.max(0, m4 - m2 * m2) / n);
        double expected = std * std;
        return Math.abs(m2 - expected) <= z * standardError + 1e-6 * Math.max(expected, m2) + 1e-12;
    }

    /** @return the sample standard deviation (population form), for messages */
    static double std(float[] values) {
        double mean = 0;
        for (float v : values) {
            mean += v;
        }
        mean /= values.length;
        double m2 = 0;
        for (float v : values) {
            m2 += (v - mean) * (v - mean);
        }
        return Math.sqrt(m2 / values.length);
    }
}
