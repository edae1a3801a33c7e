package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.initlab.core.model.Activation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActivationKernelsTest {

    @ParameterizedTest
    @ValueSource(floats = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, -1e-30f, 1f, -1f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void branchFreeSelectAgreesWithTheComparison(float x) {
        assertThat(ActivationKernels.positiveMask(x)).isEqualTo(x > 0 ? -1 : 0);
        assertThat(ActivationKernels.select(x, 2f, 3f)).isEqualTo(x > 0 ? 2f : 3f);
    }

    /** Every kind against the scalar definition in {@link Activation}, including both sides of zero. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void loopsMatchTheScalarDefinitions(Activation f) {
        float[] x = {-3f, -1f, -0.25f, -1e-3f, -0f, 0f, 1e-3f, 0.25f, 1f, 3f, 7.5f, -7.5f};
        float[][] in = {x};
        float[][] out = {new float[x.length]};
        float[][] dOut = {new float[x.length]};
        float[][] dIn = {new float[x.length]};
        for (int j = 0; j < x.length; j++) {
            dOut[0][j] = 0.5f + j;
        }
        ActivationKernels.forward(f, in, out, 0, 1, x.length);
        ActivationKernels.backward(f, in, out, dOut, dIn, 0, 1, x.length);
        for (int j = 0; j < x.length; j++) {
            double y = f.apply(x[j]);
            assertThat((double) out[0][j]).as("%s(%s)", f, x[j]).isCloseTo(y, within(1e-6 * (1 + Math.abs(y))));
            double dx = dOut[0][j] * f.derivative(x[j], y);
            assertThat((double) dIn[0][j]).as("%s'(%s)", f, x[j]).isCloseTo(dx, within(1e-5 * (1 + Math.abs(dx))));
        }
    }
}
