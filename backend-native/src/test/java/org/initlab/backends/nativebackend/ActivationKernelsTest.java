package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.initlab.core.model.Activation;
import org.junit.jupiter.api.Test;
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

    /**
     * The Vector API ReLU ({@link VectorRelu}) against the scalar loops, bit for bit, on signed zeros, NaNs of
     * both signs, subnormals and infinities, at every offset and length around a vector (tails included).
     */
    @Test
    void vectorReluMatchesTheScalarLoopsBitForBit() {
        float[] specials = {0f, -0f, Float.NaN, Float.intBitsToFloat(0xffc00001), Float.MIN_VALUE, -Float.MIN_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f, 3.5f, -2.25f, Float.MAX_VALUE, -1e-30f};
        int n = 3 * 16 + 5;
        float[] x = new float[n];
        float[] dy = new float[n];
        for (int j = 0; j < n; j++) {
            x[j] = specials[(j * 7) % specials.length];
            dy[j] = j % 5 == 0 ? -0f : 0.5f + j;
        }
        for (int from = 0; from < 3; from++) {
            for (int to = n - 20; to <= n; to++) {
                float[] expectedY = new float[n];
                float[] expectedDx = new float[n];
                boolean previous = Kernels.useVector(false);
                try {
                    ActivationKernels.relu(x, expectedY, from, to);
                    ActivationKernels.reluBackward(x, dy, expectedDx, from, to);
                } finally {
                    Kernels.useVector(previous);
                }
                float[] y = new float[n];
                float[] dx = new float[n];
                VectorRelu.forward(x, y, from, to);
                VectorRelu.backward(x, dy, dx, from, to);
                for (int j = 0; j < n; j++) {
                    assertThat(Float.floatToRawIntBits(y[j])).as("relu(%s) [%d, %d)", x[j], from, to)
                            .isEqualTo(Float.floatToRawIntBits(expectedY[j]));
                    assertThat(Float.floatToRawIntBits(dx[j])).as("relu'(%s) [%d, %d)", x[j], from, to)
                            .isEqualTo(Float.floatToRawIntBits(expectedDx[j]));
                }
            }
        }
    }
}
