package org.initlab.initializers;

import org.initlab.spi.SeededRandom;

/**
 * The sampling loops shared by the built-in initializers. Values are computed in {@code double} and stored
 * as {@code float}, in row-major order with exactly one draw per element, so that a stream is reproducible
 * element by element: {@link #uniform} makes one {@link SeededRandom#nextDouble()} per element and
 * {@link #normal} one {@link SeededRandom#nextGaussian()}.
 */
final class Fills {
    private Fills() {
    }

    /**
     * Fills with {@code U[low, high)}, PyTorch's {@code uniform_}: {@code low + (high - low) * u}.
     *
     * <p>Rounding to {@code float} could otherwise land on {@code high} or just below {@code low}; such
     * values are moved to the nearest float inside {@code [low, high)} so that the half-open interval holds
     * for the stored values too (this changes about one value in 2^24 and only by one float ulp). When no
     * float lies in the interval (or {@code low == high}) the rounded values are stored as they are.
     */
    static void uniform(float[] values, double low, double high, SeededRandom random) {
        float lo = (float) low;
        if (lo < low) {
            lo = Math.nextUp(lo);
        }
        float hi = (float) high;
        if (hi >= high) {
            hi = Math.nextDown(hi);
        }
        boolean clamp = low < high && lo <= hi;
        for (int i = 0; i < values.length; i++) {
            float v = (float) random.nextUniform(low, high);
            if (clamp) {
                if (v < lo) {
                    v = lo;
                } else if (v > hi) {
                    v = hi;
                }
            }
            values[i] = v;
        }
    }

    /** Fills with {@code N(mean, std^2)}, PyTorch's {@code normal_}: {@code mean + std * z}, untruncated. */
    static void normal(float[] values, double mean, double std, SeededRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (mean + std * random.nextGaussian());
        }
    }
}
