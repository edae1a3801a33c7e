package org.initlab.backends.nativebackend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ReLU forward and backward ({@link ActivationKernels#relu}, {@link ActivationKernels#reluBackward}) with the
 * incubating Vector API, bit for bit the scalar loops' results: {@code max} follows {@link Math#max} (NaN stays
 * NaN, {@code -0.0} becomes {@code 0.0}), and the backward mask is the same integer expression on the raw bits
 * ({@link ActivationKernels#positiveMask}), where C2 does not vectorize the scalar loop's float-to-bits moves.
 * Only {@link ActivationKernels} calls this class, and only when {@link Kernels#vectorActive()}.
 */
final class VectorRelu {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private VectorRelu() {
    }

    /** {@code y = max(x, 0)} over {@code [from, to)}. */
    static void forward(float[] x, float[] y, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int j = from;
        for (; j + V <= to; j += V) {
            FloatVector.fromArray(S, x, j).max(zero).intoArray(y, j);
        }
        for (; j < to; j++) {
            y[j] = Math.max(x[j], 0f);
        }
    }

    /** {@code dx = x > 0 ? dy : 0} over {@code [from, to)}, by the bits of {@code x}. */
    static void backward(float[] x, float[] dy, float[] dx, int from, int to) {
        int j = from;
        for (; j + V <= to; j += V) {
            IntVector bits = FloatVector.fromArray(S, x, j).reinterpretAsInts();
            IntVector mask = bits.sub(1).or(bits).not().lanewise(VectorOperators.ASHR, 31);
            FloatVector.fromArray(S, dy, j).reinterpretAsInts().and(mask).reinterpretAsFloats().intoArray(dx, j);
        }
        for (; j < to; j++) {
            dx[j] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[j]) & ActivationKernels.positiveMask(x[j]));
        }
    }

    /** {@code t = max(a + b, 0)} over {@code [from, to)}: a residual sum and the ReLU after it, rounded as apart. */
    static void sumForward(float[] a, float[] b, float[] t, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int j = from;
        for (; j + V <= to; j += V) {
            FloatVector.fromArray(S, a, j).add(FloatVector.fromArray(S, b, j)).max(zero).intoArray(t, j);
        }
        for (; j < to; j++) {
            t[j] = Math.max(a[j] + b[j], 0f);
        }
    }
}
