package org.initlab.backends.nativebackend;

/**
 * The exact GELU ({@code x Phi(x)}, PyTorch's default {@code nn.GELU()}) and its derivative
 * ({@code Phi(x) + x phi(x)}) in float arithmetic, with one exponential per element shared by the normal
 * distribution function {@code Phi} and the density {@code phi}.
 *
 * <p>With {@code g = exp(-x^2 / 2)} and {@code t = 1 / (1 + a |x|)}, the upper tail is
 * {@code h = Phi(-|x|) = t Q(t) g}, {@code Q} a degree-5 polynomial fitted (minimax, weighted by
 * {@code 1 + |x|}) over {@code t} in {@code (0, 1]}, which covers every {@code x}: the form of Abramowitz and
 * Stegun 7.1.26, with its erfc(z) written for {@code z = |x| / sqrt 2}. Then {@code Phi(x) = 1 - h} for
 * {@code x > 0}, else {@code h}. The fit's error is below {@code 2e-8 / (1 + |x|)}, so float rounding dominates:
 * {@code Phi} is within {@code 2e-7} absolute (1.8e-7 near 0, where the rounding of {@code t} counts twice in
 * {@code h}), GELU within {@code 1e-7 (1 + |y|)} and the slope within {@code 2e-7 (1 + |slope|)}. The exponential is
 * Cody and Waite's reduction {@code 2^k e^r}, {@code |r| <= ln 2 / 2}, with the Cephes {@code expf}
 * polynomial (relative error about {@code 1.2e-7}), and 0 below {@code e^-87}.
 *
 * <p>Every step is one float operation or a fused multiply-add, in the same order as {@link VectorGelu} takes
 * them, so the vector and scalar loops give identical bits. NaN passes through; {@code GELU(-inf)} and the
 * derivative at {@code +-inf} are NaN, as in PyTorch.
 */
final class GeluKernels {
    /** {@code a = p / sqrt 2}, {@code p} the fitted scale of {@code t}. */
    static final float TAIL_SCALE = 0.39213616f;
    /** {@code Q(t) = Q0 + Q1 t + ... + Q5 t^5} (half the fitted erfc polynomial). */
    static final float Q0 = 0.15254578f;
    static final float Q1 = 0.19329925f;
    static final float Q2 = -0.010609025f;
    static final float Q3 = 0.3683301f;
    static final float Q4 = -0.25811902f;
    static final float Q5 = 0.05455291f;
    /** {@code 1 / sqrt(2 pi)}. */
    static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));
    /** Arguments below this give an exponential of 0 (it is about {@code 1.6e-38}, the least normal float). */
    static final float EXP_FLOOR = -87f;
    static final float LOG2E = 1.44269504f;
    /** {@code 1.5 * 2^23}: adding it rounds to an integer, held in the low bits of the sum. */
    static final float ROUNDER = 12582912f;
    /** Turns the bits of {@code ROUNDER + k} into the biased exponent {@code k + 127}. */
    static final int EXPONENT_BIAS = 127 - Float.floatToRawIntBits(ROUNDER);
    /** {@code ln 2} in two parts, the first with few enough bits that {@code k * LN2_HI} is exact. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** Cephes {@code expf}: {@code e^r = 1 + r + r^2 (E0 + E1 r + ... + E5 r^5)}. */
    static final float E0 = 5.0000001201e-1f;
    static final float E1 = 1.6666665459e-1f;
    static final float E2 = 4.1665795894e-2f;
    static final float E3 = 8.3334519073e-3f;
    static final float E4 = 1.3981999507e-3f;
    static final float E5 = 1.9875691500e-4f;

    private GeluKernels() {
    }

    /** {@code y[j] = GELU(x[j])} for {@code j} in {@code [0, width)}. */
    static void forward(float[] x, float[] y, int width) {
        int j = Kernels.vectorActive() ? VectorGelu.forward(x, y, width) : 0;
        forward(x, y, j, width);
    }

    /** {@code dx[j] = dy[j] GELU'(x[j])} for {@code j} in {@code [0, width)}. */
    static void backward(float[] x, float[] dy, float[] dx, int width) {
        int j = Kernels.vectorActive() ? VectorGelu.backward(x, dy, dx, width) : 0;
        backward(x, dy, dx, j, width);
    }

    /** The scalar loop over {@code [from, to)}: the whole row, or the tail past the vectors. */
    static void forward(float[] x, float[] y, int from, int to) {
        for (int j = from; j < to; j++) {
            float v = x[j];
            y[j] = v * cdf(v, gaussian(v));
        }
    }

    /** The scalar loop over {@code [from, to)}. */
    static void backward(float[] x, float[] dy, float[] dx, int from, int to) {
        for (int j = from; j < to; j++) {
            float v = x[j];
            float g = gaussian(v);
            dx[j] = dy[j] * Math.fma(v * g, INV_SQRT_2PI, cdf(v, g));
        }
    }

    /**
     * @param x any float
     * @param g {@link #gaussian gaussian(x)}
     * @return the standard normal distribution function {@code Phi(x)}
     */
    static float cdf(float x, float g) {
        float t = 1f / Math.fma(TAIL_SCALE, Math.abs(x), 1f);
        float q = Math.fma(Q5, t, Q4);
        q = Math.fma(q, t, Q3);
        q = Math.fma(q, t, Q2);
        q = Math.fma(q, t, Q1);
        q = Math.fma(q, t, Q0);
        float h = t * q * g;
        return ActivationKernels.select(x, 1f - h, h);
    }

    /**
     * @param x any float
     * @return {@code exp(-x^2 / 2)}
     */
    static float gaussian(float x) {
        return exp(-0.5f * x * x);
    }

    /**
     * @param a a non-positive float (or NaN)
     * @return {@code e^a}, 0 below {@link #EXP_FLOOR}
     */
    static float exp(float a) {
        float clamped = Math.max(a, EXP_FLOOR);
        float m = Math.fma(clamped, LOG2E, ROUNDER);
        float k = m - ROUNDER;
        float r = Math.fma(k, -LN2_HI, clamped);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(E5, r, E4);
        p = Math.fma(p, r, E3);
        p = Math.fma(p, r, E2);
        p = Math.fma(p, r, E1);
        p = Math.fma(p, r, E0);
        float e = Math.fma(p * r, r, r) + 1f;
        float scaled = e * Float.intBitsToFloat((Float.floatToRawIntBits(m) + EXPONENT_BIAS) << 23);
        return a < EXP_FLOOR ? 0f : scaled;
    }
}
