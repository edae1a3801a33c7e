package org.initlab.backends.nativebackend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of {@link NativeDirectConv} with vectors across input channels:
 * {@code dw[co][ci][tap] = sum_q dy[co][q] * x[ci][q + shift(tap)]} computed as {@code acc[co][tap] += x^T[q +
 * shift(tap)][ci..ci+V) * dy[co][q]}, where {@code x^T} holds the padded input rows ({@link FlatPlanes}) transposed,
 * one input channel per lane. Each step multiplies one loaded vector by broadcast scalars, as the products of
 * {@link VectorShiftedKernels} do (three taps by eight output channels: 24 sums in registers, three vector loads and
 * eight broadcasts per 24 multiply-adds), and a sum needs no reduction across lanes: each lane adds its terms in
 * ascending {@code q}. {@link VectorShiftedDots}, which multiplies two loaded vectors per multiply-add and adds the
 * lanes of every sum, runs at 105-115 GFLOP/s on one core; this runs at 150-175 plus the transposition (0.3 ns per
 * value). Used for input channel counts that are whole vectors. Only {@link NativeDirectConv} calls this class, and
 * only when {@link Kernels#vectorActive()}. Vectors never cross a call that might not be inlined.
 */
final class VectorWeightGradients {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Positions per block of the transposition: a block's source rows stay in L1. */
    private static final int BLOCK = 64;

    private VectorWeightGradients() {
    }

    /** @return floats of scratch {@link #gradients} needs: 24 vectors */
    static int scratch() {
        return 24 * V;
    }

    /** @return whether {@code inputs} channels fill whole vectors, as {@link #gradients} needs */
    static boolean suits(int inputs) {
        return inputs % V == 0;
    }

    /**
     * {@code xt[at + (q - q0) * inputs + c] = rows[c][q]} for {@code c} in {@code [0, inputs)} and {@code q} in
     * {@code [q0, q1)}.
     */
    static void transpose(float[][] rows, int inputs, int q0, int q1, float[] xt, int at) {
        for (int b0 = q0; b0 < q1; b0 += BLOCK) {
            int b1 = Math.min(q1, b0 + BLOCK);
            for (int c = 0; c < inputs; c++) {
                float[] row = rows[c];
                int o = at + (b0 - q0) * inputs + c;
                for (int q = b0; q < b1; q++, o += inputs) {
                    xt[o] = row[q];
                }
            }
        }
    }

    /**
     * {@code out[r][ci * 9 + t] = sum_u dy[r][start + u] * xt[u * inputs + tapBase[t] + ci]} for {@code r} in
     * {@code [0, rows)}, {@code ci} in {@code [0, inputs)}, the nine taps {@code t} and {@code u} in
     * {@code [0, length)}, each lane's terms added in ascending {@code u}.
     *
     * @param scratch {@link #scratch()} floats
     */
    static void gradients(float[][] out, float[][] dy, int rows, int start, int length, float[] xt, int inputs,
                          int[] tapBase, float[] scratch) {
        for (int lane = 0; lane < inputs; lane += V) {
            for (int g = 0; g < 9; g += 3) {
                int a0 = tapBase[g] + lane;
                int a1 = tapBase[g + 1] + lane;
                int a2 = tapBase[g + 2] + lane;
                int r = 0;
                for (; r + 8 <= rows; r += 8) {
                    tile8(dy, r, start, length, xt, inputs, a0, a1, a2, scratch);
                    scatter(out, r, 8, g, lane, scratch);
                }
                for (; r < rows; r++) {
                    tile1(dy[r], start, length, xt, inputs, a0, a1, a2, scratch);
                    scatter(out, r, 1, g, lane, scratch);
                }
            }
        }
    }

    /** Copies sums {@code (row, tap)} of {@code scratch} (rows {@code r..r+n}, taps {@code g..g+2}) into {@code out}. */
    private static void scatter(float[][] out, int r, int n, int g, int lane, float[] scratch) {
        for (int i = 0; i < n; i++) {
            float[] o = out[r + i];
            for (int t = 0; t < 3; t++) {
                int from = (i * 3 + t) * V;
                for (int c = 0; c < V; c++) {
                    o[(lane + c) * 9 + g + t] = scratch[from + c];
                }
            }
        }
    }

    /** Rows {@code [r, r + 8)} by three taps (their bases {@code a0..a2}), one vector of input channels. */
    private static void tile8(float[][] dy, int r, int start, int length, float[] xt, int inputs, int a0, int a1,
                              int a2, float[] scratch) {
        float[] d0 = dy[r + 0];
        float[] d1 = dy[r + 1];
        float[] d2 = dy[r + 2];
        float[] d3 = dy[r + 3];
        float[] d4 = dy[r + 4];
        float[] d5 = dy[r + 5];
        float[] d6 = dy[r + 6];
        float[] d7 = dy[r + 7];
        FloatVector z = FloatVector.zero(S);
        FloatVector s00 = z, s01 = z, s02 = z;
        FloatVector s10 = z, s11 = z, s12 = z;
        FloatVector s20 = z, s21 = z, s22 = z;
        FloatVector s30 = z, s31 = z, s32 = z;
        FloatVector s40 = z, s41 = z, s42 = z;
        FloatVector s50 = z, s51 = z, s52 = z;
        FloatVector s60 = z, s61 = z, s62 = z;
        FloatVector s70 = z, s71 = z, s72 = z;
        for (int u = 0, q = start; u < length; u++, q++) {
            int at = u * inputs;
            FloatVector v0 = FloatVector.fromArray(S, xt, at + a0);
            FloatVector v1 = FloatVector.fromArray(S, xt, at + a1);
            FloatVector v2 = FloatVector.fromArray(S, xt, at + a2);
            FloatVector w0 = FloatVector.broadcast(S, d0[q]);
            s00 = v0.fma(w0, s00);
            s01 = v1.fma(w0, s01);
            s02 = v2.fma(w0, s02);
            FloatVector w1 = FloatVector.broadcast(S, d1[q]);
            s10 = v0.fma(w1, s10);
            s11 = v1.fma(w1, s11);
            s12 = v2.fma(w1, s12);
            FloatVector w2 = FloatVector.broadcast(S, d2[q]);
            s20 = v0.fma(w2, s20);
            s21 = v1.fma(w2, s21);
            s22 = v2.fma(w2, s22);
            FloatVector w3 = FloatVector.broadcast(S, d3[q]);
            s30 = v0.fma(w3, s30);
            s31 = v1.fma(w3, s31);
            s32 = v2.fma(w3, s32);
            FloatVector w4 = FloatVector.broadcast(S, d4[q]);
            s40 = v0.fma(w4, s40);
            s41 = v1.fma(w4, s41);
            s42 = v2.fma(w4, s42);
            FloatVector w5 = FloatVector.broadcast(S, d5[q]);
            s50 = v0.fma(w5, s50);
            s51 = v1.fma(w5, s51);
            s52 = v2.fma(w5, s52);
            FloatVector w6 = FloatVector.broadcast(S, d6[q]);
            s60 = v0.fma(w6, s60);
            s61 = v1.fma(w6, s61);
            s62 = v2.fma(w6, s62);
            FloatVector w7 = FloatVector.broadcast(S, d7[q]);
            s70 = v0.fma(w7, s70);
            s71 = v1.fma(w7, s71);
            s72 = v2.fma(w7, s72);
        }
        s00.intoArray(scratch, 0 * V);
        s01.intoArray(scratch, 1 * V);
        s02.intoArray(scratch, 2 * V);
        s10.intoArray(scratch, 3 * V);
        s11.intoArray(scratch, 4 * V);
        s12.intoArray(scratch, 5 * V);
        s20.intoArray(scratch, 6 * V);
        s21.intoArray(scratch, 7 * V);
        s22.intoArray(scratch, 8 * V);
        s30.intoArray(scratch, 9 * V);
        s31.intoArray(scratch, 10 * V);
        s32.intoArray(scratch, 11 * V);
        s40.intoArray(scratch, 12 * V);
        s41.intoArray(scratch, 13 * V);
        s42.intoArray(scratch, 14 * V);
        s50.intoArray(scratch, 15 * V);
        s51.intoArray(scratch, 16 * V);
        s52.intoArray(scratch, 17 * V);
        s60.intoArray(scratch, 18 * V);
        s61.intoArray(scratch, 19 * V);
        s62.intoArray(scratch, 20 * V);
        s70.intoArray(scratch, 21 * V);
        s71.intoArray(scratch, 22 * V);
        s72.intoArray(scratch, 23 * V);
    }

    /** One row by three taps, one vector of input channels. */
    private static void tile1(float[] d, int start, int length, float[] xt, int inputs, int a0, int a1, int a2,
                              float[] scratch) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        for (int u = 0, q = start; u < length; u++, q++) {
            int at = u * inputs;
            FloatVector w = FloatVector.broadcast(S, d[q]);
            s0 = FloatVector.fromArray(S, xt, at + a0).fma(w, s0);
            s1 = FloatVector.fromArray(S, xt, at + a1).fma(w, s1);
            s2 = FloatVector.fromArray(S, xt, at + a2).fma(w, s2);
        }
        s0.intoArray(scratch, 0);
        s1.intoArray(scratch, V);
        s2.intoArray(scratch, 2 * V);
    }
}
