package org.initlab.backends.nativebackend;

import static org.initlab.backends.nativebackend.GeluKernels.E0;
import static org.initlab.backends.nativebackend.GeluKernels.E1;
import static org.initlab.backends.nativebackend.GeluKernels.E2;
import static org.initlab.backends.nativebackend.GeluKernels.E3;
import static org.initlab.backends.nativebackend.GeluKernels.E4;
import static org.initlab.backends.nativebackend.GeluKernels.E5;
import static org.initlab.backends.nativebackend.GeluKernels.EXPONENT_BIAS;
import static org.initlab.backends.nativebackend.GeluKernels.EXP_FLOOR;
import static org.initlab.backends.nativebackend.GeluKernels.INV_SQRT_2PI;
import static org.initlab.backends.nativebackend.GeluKernels.LN2_HI;
import static org.initlab.backends.nativebackend.GeluKernels.LN2_LO;
import static org.initlab.backends.nativebackend.GeluKernels.LOG2E;
import static org.initlab.backends.nativebackend.GeluKernels.Q0;
import static org.initlab.backends.nativebackend.GeluKernels.Q1;
import static org.initlab.backends.nativebackend.GeluKernels.Q2;
import static org.initlab.backends.nativebackend.GeluKernels.Q3;
import static org.initlab.backends.nativebackend.GeluKernels.Q4;
import static org.initlab.backends.nativebackend.GeluKernels.Q5;
import static org.initlab.backends.nativebackend.GeluKernels.ROUNDER;
import static org.initlab.backends.nativebackend.GeluKernels.TAIL_SCALE;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The loops of {@link GeluKernels} with the incubating Vector API: the same operations in the same order, one
 * lane per element, so the results are bit for bit the scalar loop's (the fused multiply-adds, the division and
 * the float products are each exactly rounded in both). Only {@link GeluKernels} calls it, and only when
 * {@link Kernels#vectorActive()}. The helpers are small static methods that C2 inlines into the hot loops, where
 * the vectors stay in registers.
 */
final class VectorGelu {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private VectorGelu() {
    }

    /**
     * {@code y[j] = GELU(x[j])} for the whole vectors of {@code [0, width)}.
     *
     * @return the first column left to the scalar loop
     */
    static int forward(float[] x, float[] y, int width) {
        int bound = S.loopBound(width);
        for (int j = 0; j < bound; j += V) {
            FloatVector v = FloatVector.fromArray(S, x, j);
            v.mul(cdf(v, gaussian(v))).intoArray(y, j);
        }
        return bound;
    }

    /**
     * {@code dx[j] = dy[j] GELU'(x[j])} for the whole vectors of {@code [0, width)}.
     *
     * @return the first column left to the scalar loop
     */
    static int backward(float[] x, float[] dy, float[] dx, int width) {
        int bound = S.loopBound(width);
        for (int j = 0; j < bound; j += V) {
            FloatVector v = FloatVector.fromArray(S, x, j);
            FloatVector g = gaussian(v);
            FloatVector slope = v.mul(g).fma(FloatVector.broadcast(S, INV_SQRT_2PI), cdf(v, g));
            FloatVector.fromArray(S, dy, j).mul(slope).intoArray(dx, j);
        }
        return bound;
    }

    /** See {@link GeluKernels#cdf}. */
    private static FloatVector cdf(FloatVector x, FloatVector g) {
        FloatVector t = x.abs().fma(TAIL_SCALE, 1f);
        t = FloatVector.broadcast(S, 1f).div(t);
        FloatVector q = t.fma(Q5, Q4);
        q = q.fma(t, FloatVector.broadcast(S, Q3));
        q = q.fma(t, FloatVector.broadcast(S, Q2));
        q = q.fma(t, FloatVector.broadcast(S, Q1));
        q = q.fma(t, FloatVector.broadcast(S, Q0));
        FloatVector h = t.mul(q).mul(g);
        return h.blend(FloatVector.broadcast(S, 1f).sub(h), x.compare(VectorOperators.GT, 0f));
    }

    /** See {@link GeluKernels#gaussian}. */
    private static FloatVector gaussian(FloatVector x) {
        return exp(x.mul(-0.5f).mul(x));
    }

    /** See {@link GeluKernels#exp}. */
    private static FloatVector exp(FloatVector a) {
        FloatVector clamped = a.max(EXP_FLOOR);
        FloatVector m = clamped.fma(LOG2E, ROUNDER);
        FloatVector k = m.sub(ROUNDER);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), clamped);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(E5, E4);
        p = p.fma(r, FloatVector.broadcast(S, E3));
        p = p.fma(r, FloatVector.broadcast(S, E2));
        p = p.fma(r, FloatVector.broadcast(S, E1));
        p = p.fma(r, FloatVector.broadcast(S, E0));
        FloatVector e = p.mul(r).fma(r, r).add(1f);
        FloatVector scale = m.reinterpretAsInts().add(EXPONENT_BIAS).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();
        return e.mul(scale).blend(0f, a.compare(VectorOperators.LT, EXP_FLOOR));
    }
}
