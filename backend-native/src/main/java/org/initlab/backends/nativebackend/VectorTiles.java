package org.initlab.backends.nativebackend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link VectorKernels#product}: four output rows by four vectors (64 floats with AVX-512)
 * held in 16 vector registers while the terms are added with fused multiply-adds, in ascending term order. Only
 * {@link VectorKernels} calls this class. Vectors never cross a call that might not be inlined, where HotSpot
 * would box them.
 */
final class VectorTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private VectorTiles() {
    }

    /**
     * Four rows by four vectors, terms {@code [k0, k1)}, from the partial sums in the output, or when
     * {@code fresh} from the initial values, set in registers (the values the product would otherwise store first).
     * The transposed form is {@link #tile4T}: two methods rather than one with both loops, so that C2 inlines
     * every vector operation of either (one method with both can run out of its inlining budget, leaving some
     * fused multiply-adds as calls that box their vectors: ten times slower).
     */
    static void tile4(float[][] out, int o, float[][] coef, int c, float[][] src, int s, int k0, int k1,
                              int j, boolean fresh, float[] rowInit, float[] columnInit) {
        float[] o0 = out[o];
        float[] o1 = out[o + 1];
        float[] o2 = out[o + 2];
        float[] o3 = out[o + 3];
        FloatVector a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;
        if (!fresh) {
            a00 = FloatVector.fromArray(S, o0, j);
            a01 = FloatVector.fromArray(S, o0, j + V);
            a02 = FloatVector.fromArray(S, o0, j + 2 * V);
            a03 = FloatVector.fromArray(S, o0, j + 3 * V);
            a10 = FloatVector.fromArray(S, o1, j);
            a11 = FloatVector.fromArray(S, o1, j + V);
            a12 = FloatVector.fromArray(S, o1, j + 2 * V);
            a13 = FloatVector.fromArray(S, o1, j + 3 * V);
            a20 = FloatVector.fromArray(S, o2, j);
            a21 = FloatVector.fromArray(S, o2, j + V);
            a22 = FloatVector.fromArray(S, o2, j + 2 * V);
            a23 = FloatVector.fromArray(S, o2, j + 3 * V);
            a30 = FloatVector.fromArray(S, o3, j);
            a31 = FloatVector.fromArray(S, o3, j + V);
            a32 = FloatVector.fromArray(S, o3, j + 2 * V);
            a33 = FloatVector.fromArray(S, o3, j + 3 * V);
        } else if (rowInit != null) {
            a00 = a01 = a02 = a03 = FloatVector.broadcast(S, rowInit[o]);
            a10 = a11 = a12 = a13 = FloatVector.broadcast(S, rowInit[o + 1]);
            a20 = a21 = a22 = a23 = FloatVector.broadcast(S, rowInit[o + 2]);
            a30 = a31 = a32 = a33 = FloatVector.broadcast(S, rowInit[o + 3]);
        } else if (columnInit != null) {
            a00 = a10 = a20 = a30 = FloatVector.fromArray(S, columnInit, j);
            a01 = a11 = a21 = a31 = FloatVector.fromArray(S, columnInit, j + V);
            a02 = a12 = a22 = a32 = FloatVector.fromArray(S, columnInit, j + 2 * V);
            a03 = a13 = a23 = a33 = FloatVector.fromArray(S, columnInit, j + 3 * V);
        } else {
            a00 = a01 = a02 = a03 = a10 = a11 = a12 = a13 = FloatVector.zero(S);
            a20 = a21 = a22 = a23 = a30 = a31 = a32 = a33 = a00;
        }
        float[] c0 = coef[c];
        float[] c1 = coef[c + 1];
        float[] c2 = coef[c + 2];
        float[] c3 = coef[c + 3];
        for (int k = k0; k < k1; k++) {
            float[] sk = src[s + k];
            FloatVector v0 = FloatVector.fromArray(S, sk, j);
            FloatVector v1 = FloatVector.fromArray(S, sk, j + V);
            FloatVector v2 = FloatVector.fromArray(S, sk, j + 2 * V);
            FloatVector v3 = FloatVector.fromArray(S, sk, j + 3 * V);
            FloatVector w = FloatVector.broadcast(S, c0[k]);
            a00 = v0.fma(w, a00);
            a01 = v1.fma(w, a01);
            a02 = v2.fma(w, a02);
            a03 = v3.fma(w, a03);
            w = FloatVector.broadcast(S, c1[k]);
            a10 = v0.fma(w, a10);
            a11 = v1.fma(w, a11);
            a12 = v2.fma(w, a12);
            a13 = v3.fma(w, a13);
            w = FloatVector.broadcast(S, c2[k]);
            a20 = v0.fma(w, a20);
            a21 = v1.fma(w, a21);
            a22 = v2.fma(w, a22);
            a23 = v3.fma(w, a23);
            w = FloatVector.broadcast(S, c3[k]);
            a30 = v0.fma(w, a30);
            a31 = v1.fma(w, a31);
            a32 = v2.fma(w, a32);
            a33 = v3.fma(w, a33);
        }
        a00.intoArray(o0, j);
        a01.intoArray(o0, j + V);
        a02.intoArray(o0, j + 2 * V);
        a03.intoArray(o0, j + 3 * V);
        a10.intoArray(o1, j);
        a11.intoArray(o1, j + V);
        a12.intoArray(o1, j + 2 * V);
        a13.intoArray(o1, j + 3 * V);
        a20.intoArray(o2, j);
        a21.intoArray(o2, j + V);
        a22.intoArray(o2, j + 2 * V);
        a23.intoArray(o2, j + 3 * V);
        a30.intoArray(o3, j);
        a31.intoArray(o3, j + V);
        a32.intoArray(o3, j + 2 * V);
        a33.intoArray(o3, j + 3 * V);
    }


    /** {@link #tile4} with the coefficients transposed, {@code w(r, k) = coef[k][c + r]}. */
    static void tile4T(float[][] out, int o, float[][] coef, int c, float[][] src, int s, int k0, int k1,
                               int j, boolean fresh, float[] rowInit, float[] columnInit) {
        float[] o0 = out[o];
        float[] o1 = out[o + 1];
        float[] o2 = out[o + 2];
        float[] o3 = out[o + 3];
        FloatVector a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;
        if (!fresh) {
            a00 = FloatVector.fromArray(S, o0, j);
            a01 = FloatVector.fromArray(S, o0, j + V);
            a02 = FloatVector.fromArray(S, o0, j + 2 * V);
            a03 = FloatVector.fromArray(S, o0, j + 3 * V);
            a10 = FloatVector.fromArray(S, o1, j);
            a11 = FloatVector.fromArray(S, o1, j + V);
            a12 = FloatVector.fromArray(S, o1, j + 2 * V);
            a13 = FloatVector.fromArray(S, o1, j + 3 * V);
            a20 = FloatVector.fromArray(S, o2, j);
            a21 = FloatVector.fromArray(S, o2, j + V);
            a22 = FloatVector.fromArray(S, o2, j + 2 * V);
            a23 = FloatVector.fromArray(S, o2, j + 3 * V);
            a30 = FloatVector.fromArray(S, o3, j);
            a31 = FloatVector.fromArray(S, o3, j + V);
            a32 = FloatVector.fromArray(S, o3, j + 2 * V);
            a33 = FloatVector.fromArray(S, o3, j + 3 * V);
        } else if (rowInit != null) {
            a00 = a01 = a02 = a03 = FloatVector.broadcast(S, rowInit[o]);
            a10 = a11 = a12 = a13 = FloatVector.broadcast(S, rowInit[o + 1]);
            a20 = a21 = a22 = a23 = FloatVector.broadcast(S, rowInit[o + 2]);
            a30 = a31 = a32 = a33 = FloatVector.broadcast(S, rowInit[o + 3]);
        } else if (columnInit != null) {
            a00 = a10 = a20 = a30 = FloatVector.fromArray(S, columnInit, j);
            a01 = a11 = a21 = a31 = FloatVector.fromArray(S, columnInit, j + V);
            a02 = a12 = a22 = a32 = FloatVector.fromArray(S, columnInit, j + 2 * V);
            a03 = a13 = a23 = a33 = FloatVector.fromArray(S, columnInit, j + 3 * V);
        } else {
            a00 = a01 = a02 = a03 = a10 = a11 = a12 = a13 = FloatVector.zero(S);
            a20 = a21 = a22 = a23 = a30 = a31 = a32 = a33 = a00;
        }
        for (int k = k0; k < k1; k++) {
            float[] ck = coef[k];
            float[] sk = src[s + k];
            FloatVector v0 = FloatVector.fromArray(S, sk, j);
            FloatVector v1 = FloatVector.fromArray(S, sk, j + V);
            FloatVector v2 = FloatVector.fromArray(S, sk, j + 2 * V);
            FloatVector v3 = FloatVector.fromArray(S, sk, j + 3 * V);
            FloatVector w = FloatVector.broadcast(S, ck[c]);
            a00 = v0.fma(w, a00);
            a01 = v1.fma(w, a01);
            a02 = v2.fma(w, a02);
            a03 = v3.fma(w, a03);
            w = FloatVector.broadcast(S, ck[c + 1]);
            a10 = v0.fma(w, a10);
            a11 = v1.fma(w, a11);
            a12 = v2.fma(w, a12);
            a13 = v3.fma(w, a13);
            w = FloatVector.broadcast(S, ck[c + 2]);
            a20 = v0.fma(w, a20);
            a21 = v1.fma(w, a21);
            a22 = v2.fma(w, a22);
            a23 = v3.fma(w, a23);
            w = FloatVector.broadcast(S, ck[c + 3]);
            a30 = v0.fma(w, a30);
            a31 = v1.fma(w, a31);
            a32 = v2.fma(w, a32);
            a33 = v3.fma(w, a33);
        }
        a00.intoArray(o0, j);
        a01.intoArray(o0, j + V);
        a02.intoArray(o0, j + 2 * V);
        a03.intoArray(o0, j + 3 * V);
        a10.intoArray(o1, j);
        a11.intoArray(o1, j + V);
        a12.intoArray(o1, j + 2 * V);
        a13.intoArray(o1, j + 3 * V);
        a20.intoArray(o2, j);
        a21.intoArray(o2, j + V);
        a22.intoArray(o2, j + 2 * V);
        a23.intoArray(o2, j + 3 * V);
        a30.intoArray(o3, j);
        a31.intoArray(o3, j + V);
        a32.intoArray(o3, j + 2 * V);
        a33.intoArray(o3, j + 3 * V);
    }
}
