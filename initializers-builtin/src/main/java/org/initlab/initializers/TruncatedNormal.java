package org.initlab.initializers;

import org.initlab.spi.SeededRandom;

/**
 * Sampling and moments of the normal distribution {@code N(mean, std^2)} truncated to {@code [a, b]}
 * (absolute bounds), shared by {@code trunc-normal} and {@code variance-scaling}.
 *
 * <p>Sampling is by inversion, as PyTorch's {@code trunc_normal_} does: with {@code alpha = (a - mean) / std}
 * and {@code beta = (b - mean) / std}, each element is
 * <pre>u = Phi(alpha) + (Phi(beta) - Phi(alpha)) * r,   r = nextDouble() in [0, 1)
 * x = clamp(mean + std * Phi^-1(u), a, b)</pre>
 * with exactly one {@link SeededRandom#nextDouble()} per element (PyTorch writes the same map as
 * {@code erfinv(2u - 1) * sqrt(2)}). {@link StandardNormal} evaluates {@code Phi} and {@code Phi^-1} in
 * {@code double} to full precision. When the interval lies above the mean ({@code alpha + beta > 0}) the
 * mirror image {@code -Phi^-1(u)}, {@code u} in {@code [Phi(-beta), Phi(-alpha))}, is used instead, so both
 * CDF values are small numbers carried with full relative precision: intervals far out in either tail are
 * sampled correctly (PyTorch, in {@code float}, degrades to the far bound or NaN a few standard deviations
 * out). Only when even that underflows (an interval more than about 37 standard deviations from the mean)
 * every value is the bound nearer to the mean, which is the limit of the distribution.
 */
final class TruncatedNormal {
    private TruncatedNormal() {
    }

    /** Fills {@code values} with independent draws; see the class comment. Requires {@code std > 0, a < b}. */
    static void fill(float[] values, double mean, double std, double a, double b, SeededRandom random) {
        double alpha = (a - mean) / std;
        double beta = (b - mean) / std;
        boolean mirror = alpha + beta > 0;
        double low = StandardNormal.cdf(mirror ? -beta : alpha);
        double high = StandardNormal.cdf(mirror ? -alpha : beta);
        double width = high - low;
        float lowest = (float) a;
        if (lowest < a) {
            lowest = Math.nextUp(lowest);
        }
        float highest = (float) b;
        if (highest > b) {
            highest = Math.nextDown(highest);
        }
        boolean clampFloat = lowest <= highest;
        double nearBound = mirror ? a : b;
        for (int i = 0; i < values.length; i++) {
            double r = random.nextDouble();
            double x;
            if (width > 0) {
                double z = StandardNormal.inverseCdf(low + width * r);
                x = mean + std * (mirror ? -z : z);
                x = x < a ? a : Math.min(x, b);
            } else {
                x = nearBound;
            }
            float v = (float) x;
            if (clampFloat) {
                v = v < lowest ? lowest : Math.min(v, highest);
            }
            values[i] = v;
        }
    }

    /**
     * The standard deviation of the truncated distribution,
     * {@code std * sqrt(1 + (alpha phi(alpha) - beta phi(beta)) / Z - ((phi(alpha) - phi(beta)) / Z)^2)} with
     * {@code Z = Phi(beta) - Phi(alpha)}; NaN when {@code Z} underflows.
     */
    static double std(double mean, double std, double a, double b) {
        double alpha = (a - mean) / std;
        double beta = (b - mean) / std;
        if (alpha + beta > 0) {
            double t = alpha;
            alpha = -beta;
            beta = -t;
        }
        double z = StandardNormal.cdf(beta) - StandardNormal.cdf(alpha);
        double pa = StandardNormal.density(alpha);
        double pb = StandardNormal.density(beta);
        double shift = (pa - pb) / z;
        double variance = 1 + (alpha * pa - beta * pb) / z - shift * shift;
        return variance >= 0 && Double.isFinite(variance) ? std * Math.sqrt(variance) : Double.NaN;
    }
}
