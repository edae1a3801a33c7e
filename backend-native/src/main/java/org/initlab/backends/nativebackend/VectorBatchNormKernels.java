package org.initlab.backends.nativebackend;

import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.ASHR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-channel passes of {@link NativeBatchNorm} over a spatial boundary's rows, with the incubating Vector API:
 * sums are taken in float lanes over blocks of {@value #BLOCK} values (two vectors side by side, so that the adds
 * do not wait on each other), and the blocks' sums are added in double in order, so that a long row (a channel of
 * the whole batch: 50,176 values for 64 samples of 28x28) keeps about double's accuracy without a chain of
 * dependent double adds per value. Only {@link NativeBatchNorm} calls this class, and only when
 * {@link Kernels#vectorActive()}; the values depend on the row alone, never on the worker that computes them.
 */
final class VectorBatchNormKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Values per block of float sums. */
    static final int BLOCK = 256;

    private VectorBatchNormKernels() {
    }

    /** @return {@code sum_n x[n]} over {@code [0, length)} */
    static double sum(float[] x, int length) {
        double total = 0;
        int n = 0;
        for (; n + BLOCK <= length; n += BLOCK) {
            FloatVector a = FloatVector.zero(S);
            FloatVector b = a;
            for (int i = n; i < n + BLOCK; i += 2 * V) {
                a = a.add(FloatVector.fromArray(S, x, i));
                b = b.add(FloatVector.fromArray(S, x, i + V));
            }
            total += a.add(b).reduceLanes(ADD);
        }
        for (; n < length; n++) {
            total += x[n];
        }
        return total;
    }

    /** @return {@code sum_n (x[n] - mu)^2} over {@code [0, length)}, the differences in float */
    static double squares(float[] x, int length, float mu) {
        FloatVector m = FloatVector.broadcast(S, mu);
        double total = 0;
        int n = 0;
        for (; n + BLOCK <= length; n += BLOCK) {
            FloatVector a = FloatVector.zero(S);
            FloatVector b = a;
            for (int i = n; i < n + BLOCK; i += 2 * V) {
                FloatVector d = FloatVector.fromArray(S, x, i).sub(m);
                FloatVector e = FloatVector.fromArray(S, x, i + V).sub(m);
                a = d.fma(d, a);
                b = e.fma(e, b);
            }
            total += a.add(b).reduceLanes(ADD);
        }
        for (; n < length; n++) {
            double d = x[n] - mu;
            total += d * d;
        }
        return total;
    }

    /**
     * Writes {@code sum dy} to {@code sums[f]} and {@code sum dy * (x - mu) * inv} to {@code products[f]}, over
     * {@code [0, length)}; with a {@code gate} (the output of a ReLU this layer runs), {@code dy} counts only where
     * the gate is positive ({@link ActivationKernels#positiveMask}), as the ReLU's backward pass would have left it.
     */
    static void backwardSums(float[] x, float[] dy, float[] gate, int length, float mu, float inv, double[] sums,
                             double[] products, int f) {
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector k = FloatVector.broadcast(S, inv);
        double s = 0;
        double p = 0;
        int n = 0;
        for (; n + BLOCK <= length; n += BLOCK) {
            FloatVector a = FloatVector.zero(S);
            FloatVector b = a;
            for (int i = n; i < n + BLOCK; i += V) {
                FloatVector g = FloatVector.fromArray(S, dy, i);
                if (gate != null) {
                    IntVector bits = FloatVector.fromArray(S, gate, i).reinterpretAsInts();
                    g = g.reinterpretAsInts().and(bits.sub(1).or(bits).not().lanewise(ASHR, 31))
                            .reinterpretAsFloats();
                }
                a = a.add(g);
                b = FloatVector.fromArray(S, x, i).sub(m).mul(k).fma(g, b);
            }
            s += a.reduceLanes(ADD);
            p += b.reduceLanes(ADD);
        }
        for (; n < length; n++) {
            float g = gated(dy, gate, n);
            s += g;
            p += g * ((x[n] - mu) * inv);
        }
        sums[f] = s;
        products[f] = p;
    }

    /** @return {@code dy[n]}, or zero where a gate is given and not positive */
    static float gated(float[] dy, float[] gate, int n) {
        return gate == null ? dy[n]
                : Float.intBitsToFloat(Float.floatToRawIntBits(dy[n]) & ActivationKernels.positiveMask(gate[n]));
    }

    /**
     * {@code y[n] = x[n] * scale + shift} over {@code [0, length)}, rounded as the scalar loop rounds; with
     * {@code relu}, {@code max} of that and 0 (as {@link Math#max}).
     */
    static void scaleShift(float[] x, float[] y, int length, float scale, float shift, boolean relu) {
        FloatVector a = FloatVector.broadcast(S, scale);
        FloatVector b = FloatVector.broadcast(S, shift);
        FloatVector zero = FloatVector.zero(S);
        int n = 0;
        int bound = S.loopBound(length);
        if (relu) {
            for (; n < bound; n += V) {
                FloatVector.fromArray(S, x, n).mul(a).add(b).max(zero).intoArray(y, n);
            }
        } else {
            for (; n < bound; n += V) {
                FloatVector.fromArray(S, x, n).mul(a).add(b).intoArray(y, n);
            }
        }
        for (; n < length; n++) {
            float v = x[n] * scale + shift;
            y[n] = relu ? Math.max(v, 0f) : v;
        }
    }

    /**
     * {@code dx[n] = k * (dy[n] - meanDy - (x[n] - mu) * inv * meanDyXhat)} over {@code [0, length)}, rounded as
     * the scalar loop rounds, with {@code dy} gated as in {@link #backwardSums}.
     */
    static void inputGradient(float[] x, float[] dy, float[] gate, float[] dx, int length, float k, float meanDy,
                              float mu, float inv, float meanDyXhat) {
        FloatVector vk = FloatVector.broadcast(S, k);
        FloatVector vMeanDy = FloatVector.broadcast(S, meanDy);
        FloatVector vMu = FloatVector.broadcast(S, mu);
        FloatVector vInv = FloatVector.broadcast(S, inv);
        FloatVector vMeanDyXhat = FloatVector.broadcast(S, meanDyXhat);
        int n = 0;
        for (int bound = S.loopBound(length); n < bound; n += V) {
            FloatVector g = FloatVector.fromArray(S, dy, n);
            if (gate != null) {
                IntVector bits = FloatVector.fromArray(S, gate, n).reinterpretAsInts();
                g = g.reinterpretAsInts().and(bits.sub(1).or(bits).not().lanewise(ASHR, 31)).reinterpretAsFloats();
            }
            FloatVector xhat = FloatVector.fromArray(S, x, n).sub(vMu).mul(vInv);
            g.sub(vMeanDy).sub(xhat.mul(vMeanDyXhat)).mul(vk).intoArray(dx, n);
        }
        for (; n < length; n++) {
            dx[n] = k * (gated(dy, gate, n) - meanDy - (x[n] - mu) * inv * meanDyXhat);
        }
    }
}
