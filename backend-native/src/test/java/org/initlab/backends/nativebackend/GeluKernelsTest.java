package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.initlab.core.model.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The float GELU against a double-precision normal distribution, and its vector loop against its scalar one. */
class GeluKernelsTest {

    /**
     * {@code erfc(z)} for {@code z >= 0} to about {@code 1e-14}: Maclaurin series of erf up to 3 (terms at most
     * about 170, so cancellation costs two digits), Laplace's continued fraction above.
     */
    private static double erfc(double z) {
        if (z < 3) {
            double term = z;
            double sum = z;
            for (int n = 1; n < 200 && Math.abs(term) > 1e-18; n++) {
                term *= -z * z / n;
                sum += term / (2 * n + 1);
            }
            return 1 - 2 / Math.sqrt(Math.PI) * sum;
        }
        double f = z;
        for (int n = 80; n >= 1; n--) {
            f = z + n / 2.0 / f;
        }
        return Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
    }

    private static double phi(double x) {
        return x >= 0 ? 1 - 0.5 * erfc(x / Math.sqrt(2)) : 0.5 * erfc(-x / Math.sqrt(2));
    }

    @Test
    void theReferenceAgreesWithTheCoreErrorFunction() {
        for (double x = -6; x <= 6; x += 0.01) {
            assertThat(phi(x)).as("Phi(%s)", x).isCloseTo(0.5 * (1 + Activation.erf(x / Math.sqrt(2))), within(1e-7));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void distributionGeluAndSlopeAreWithinFloatRoundingOfDoublePrecision(boolean vector) {
        assumeThat(!vector || VectorSupport.ENABLED).as("the Vector API is present").isTrue();
        int n = 400_001;
        float[] x = new float[n];
        for (int j = 0; j < n; j++) {
            x[j] = -20f + 40f * j / (n - 1);
        }
        float[] y = new float[n];
        float[] ones = new float[n];
        Arrays.fill(ones, 1f);
        float[] slope = new float[n];
        boolean previous = Kernels.useVector(vector);
        try {
            GeluKernels.forward(x, y, n);
            GeluKernels.backward(x, ones, slope, n);
        } finally {
            Kernels.useVector(previous);
        }
        for (int j = 0; j < n; j++) {
            double v = x[j];
            double cdf = phi(v);
            assertThat((double) GeluKernels.cdf(x[j], GeluKernels.gaussian(x[j]))).as("Phi(%s)", v)
                    .isCloseTo(cdf, within(2e-7));
            double gelu = v * cdf;
            assertThat((double) y[j]).as("GELU(%s)", v).isCloseTo(gelu, within(1e-7 * (1 + Math.abs(gelu))));
            double d = cdf + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
            assertThat((double) slope[j]).as("GELU'(%s)", v).isCloseTo(d, within(2e-7 * (1 + Math.abs(d))));
        }
    }

    @Test
    void exponentialIsWithinTwoRoundingsAndZeroBelowTheFloor() {
        for (float a = -87f; a <= 0f; a += 1e-3f) {
            double e = Math.exp(a);
            assertThat((double) GeluKernels.exp(a)).as("exp(%s)", a).isCloseTo(e, within(1.5e-7 * e));
        }
        assertThat(GeluKernels.exp(-87.5f)).isZero();
        assertThat(GeluKernels.exp(Float.NEGATIVE_INFINITY)).isZero();
        assertThat(GeluKernels.exp(0f)).isEqualTo(1f);
    }

    @Test
    void nonFiniteInputsBehaveAsInPyTorch() {
        float[] x = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f};
        float[] y = new float[x.length];
        float[] dx = new float[x.length];
        GeluKernels.forward(x, y, x.length, x.length);
        GeluKernels.forward(x, y, 0, x.length);
        GeluKernels.backward(x, new float[] {1f, 1f, 1f, 1f, 1f}, dx, 0, x.length);
        assertThat(y[0]).isNaN();
        assertThat(y[1]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(y[2]).isNaN();
        assertThat(Math.abs(y[3])).isZero();
        assertThat(Math.abs(y[4])).isZero();
        assertThat(dx[0]).isNaN();
        assertThat(dx[1]).isNaN();
        assertThat(dx[2]).isNaN();
        assertThat(dx[3]).isEqualTo(0.5f, within(1e-7f));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 37, 256, 1000})
    void vectorAndScalarLoopsGiveIdenticalBits(int width) {
        assumeThat(VectorSupport.ENABLED).as("the JVM runs with --add-modules jdk.incubator.vector").isTrue();
        SplittableRandom random = new SplittableRandom(width);
        float[] x = new float[width];
        float[] dy = new float[width];
        for (int j = 0; j < width; j++) {
            x[j] = (float) (random.nextGaussian() * (j % 3 == 0 ? 8 : 1.5));
            dy[j] = (float) random.nextGaussian();
        }
        float[] vectorY = new float[width];
        float[] vectorDx = new float[width];
        int done = VectorGelu.forward(x, vectorY, width);
        GeluKernels.forward(x, vectorY, done, width);
        done = VectorGelu.backward(x, dy, vectorDx, width);
        GeluKernels.backward(x, dy, vectorDx, done, width);
        float[] scalarY = new float[width];
        float[] scalarDx = new float[width];
        GeluKernels.forward(x, scalarY, 0, width);
        GeluKernels.backward(x, dy, scalarDx, 0, width);
        assertThat(vectorY).isEqualTo(scalarY);
        assertThat(vectorDx).isEqualTo(scalarDx);
    }
}
