package org.initlab.initializers;

/**
 * The standard normal distribution in {@code double}: density, cumulative distribution function
 * {@code Phi} and its inverse, accurate to a few ulps in both tails, with {@link StrictMath} so the same
 * arguments give the same bits on every JVM (the golden files rely on it).
 *
 * <ul>
 *   <li>{@code Phi(x) = erfc(-x / sqrt(2)) / 2}, with {@code erfc} from W. J. Cody, "Rational Chebyshev
 *       approximations for the error function", Mathematics of Computation 23 (1969), pp. 631-637 (the
 *       SPECFUN {@code CALERF} coefficients; relative error below 1e-15, also deep in the lower tail, down
 *       to {@code Phi(-37.5) ~ 5e-308}).</li>
 *   <li>{@code Phi^-1(p)} from P. J. Acklam's rational approximation (relative error 1.15e-9), refined by one
 *       Halley step {@code x -= u / (1 + x u / 2)}, {@code u = (Phi(x) - p) / phi(x)}, which brings it to
 *       full double precision (for {@code p} below the smallest normal double, where {@code Phi} underflows,
 *       Acklam's estimate is returned unrefined). Only the lower half is approximated; {@code Phi^-1(p) = -Phi^-1(1 - p)} for
 *       {@code p > 1/2}, where {@code 1 - p} is exact.</li>
 * </ul>
 */
final class StandardNormal {
    private static final double SQRT_2 = Math.sqrt(2.0);
    private static final double SQRT_2PI = Math.sqrt(2.0 * Math.PI);
    /** {@code 1 / sqrt(pi)}. */
    private static final double ONE_OVER_SQRT_PI = 5.6418958354775628695e-1;
    /** Beyond this argument {@code erfc} underflows to 0. */
    private static final double ERFC_UNDERFLOW = 26.543;

    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
        3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
        2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
        2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
        1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
        1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
        1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
        6.05183413124413191e-2, 2.33520497626869185e-3};

    /** Acklam's coefficients, central region. */
    private static final double[] AC = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] BC = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    /** Acklam's coefficients, lower tail. */
    private static final double[] CT = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] DT = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    private static final double TAIL = 0.02425;

    private StandardNormal() {
    }

    /** The density {@code phi(x) = exp(-x^2 / 2) / sqrt(2 pi)}. */
    static double density(double x) {
        return StrictMath.exp(-0.5 * x * x) / SQRT_2PI;
    }

    /** {@code Phi(x) = P(Z <= x)}, accurate relative to its value in the lower tail. */
    static double cdf(double x) {
        return 0.5 * erfc(-x / SQRT_2);
    }

    /**
     * The quantile {@code Phi^-1(p)}: {@code -infinity} for 0, {@code +infinity} for 1.
     *
     * @throws IllegalArgumentException for {@code p} outside {@code [0, 1]}
     */
    static double inverseCdf(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        return p > 0.5 ? -lowerQuantile(1 - p) : lowerQuantile(p);
    }

    /** {@code Phi^-1(p)} for {@code 0 < p <= 1/2}. */
    private static double lowerQuantile(double p) {
        double x;
        if (p < TAIL) {
            double q = StrictMath.sqrt(-2 * StrictMath.log(p));
            x = (((((CT[0] * q + CT[1]) * q + CT[2]) * q + CT[3]) * q + CT[4]) * q + CT[5])
                    / ((((DT[0] * q + DT[1]) * q + DT[2]) * q + DT[3]) * q + 1);
        } else {
            double q = p - 0.5;
            double r = q * q;
            x = (((((AC[0] * r + AC[1]) * r + AC[2]) * r + AC[3]) * r + AC[4]) * r + AC[5]) * q
                    / (((((BC[0] * r + BC[1]) * r + BC[2]) * r + BC[3]) * r + BC[4]) * r + 1);
        }
        double density = density(x);
        // below the smallest normal double, Phi underflows (to 0 beyond x = -37.5): keep Acklam's estimate
        if (p >= Double.MIN_NORMAL && density > 0) {
            double u = (cdf(x) - p) / density;
            double refined = x - u / (1 + x * u / 2);
            if (Double.isFinite(refined)) {
                x = refined;
            }
        }
        return x;
    }

    /** The complementary error function, Cody's {@code CALERF} with {@code jint = 1}. */
    static double erfc(double x) {
        double y = Math.abs(x);
        if (y <= 0.46875) {
            double ysq = y > 1.11e-16 ? y * y : 0;
            double num = A[4] * ysq;
            double den = ysq;
            for (int i = 0; i < 3; i++) {
                num = (num + A[i]) * ysq;
                den = (den + B[i]) * ysq;
            }
            return 1 - x * (num + A[3]) / (den + B[3]);
        }
        double result;
        if (y <= 4) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            result = scaleByGaussian(y, (num + C[7]) / (den + D[7]));
        } else if (y < ERFC_UNDERFLOW) {
            double ysq = 1 / (y * y);
            double num = P[5] * ysq;
            double den = ysq;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * ysq;
                den = (den + Q[i]) * ysq;
            }
            result = ysq * (num + P[4]) / (den + Q[4]);
            result = scaleByGaussian(y, (ONE_OVER_SQRT_PI - result) / y);
        } else {
            result = 0;
        }
        return x < 0 ? 2 - result : result;
    }

    /** {@code exp(-y^2) * r}, with {@code y^2} split so that the large part is exact (Cody's device). */
    private static double scaleByGaussian(double y, double r) {
        double ysq = (long) (16 * y) / 16.0;
        double del = (y - ysq) * (y + ysq);
        return StrictMath.exp(-ysq * ysq) * StrictMath.exp(-del) * r;
    }
}
