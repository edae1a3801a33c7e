package org.initlab.backends.nativebackend;

import java.util.Arrays;

/**
 * The scaled dot-product attention of a {@link NativeTransformer}, per sample {@code b} and head {@code h} (the
 * unit of work, split between workers): with {@code q, k, v} the head's columns {@code [h d, (h+1) d)} of the
 * thirds of the fused projection rows {@code qkv [N][3D]} ({@code N = batch * T}),
 * {@code s_ij = q_i . k_j / sqrt(d)} (only {@code j <= i} when causal: the masked scores are {@code -inf}, their
 * probabilities 0), {@code p_i = softmax(s_i)} (max-subtracted), {@code o_i = sum_j p_ij v_j} into the head's
 * columns of {@code heads [N][D]}. The probabilities are kept for the backward pass:
 * {@code dv_j = sum_i p_ij do_i}, {@code dp_ij = do_i . v_j}, {@code ds_ij = p_ij (dp_ij - sum_k p_ik dp_ik)},
 * {@code dq_i = sum_j ds_ij k_j / sqrt(d)}, {@code dk_j = sum_i ds_ij q_i / sqrt(d)}. Each unit writes only its
 * own columns of its own sample's rows, each value summed in a fixed order ({@link #dot}: four partial sums).
 */
final class NativeAttention {
    private final int tokens;
    private final int dim;
    private final int heads;
    private final int headDim;
    private final boolean causal;
    private final float scale;
    final float[][] qkv;
    final float[][] output;
    final float[][] qkvGradient;
    final float[][] outputGradient;
    /** Row {@code (b H + h) T + i}: the probabilities of query {@code i} of head {@code h} of sample {@code b}. */
    private final float[][] probabilities;
    /** Per unit: {@code dp} of one query row. */
    private final float[][] scratch;

    NativeAttention(int tokens, int dim, int heads, boolean causal, int maxBatch) {
        this.tokens = tokens;
        this.dim = dim;
        this.heads = heads;
        this.headDim = dim / heads;
        this.causal = causal;
        this.scale = (float) (1 / Math.sqrt(headDim));
        int rows = maxBatch * tokens;
        qkv = new float[rows][3 * dim];
        output = new float[rows][dim];
        qkvGradient = new float[rows][3 * dim];
        outputGradient = new float[rows][dim];
        probabilities = new float[maxBatch * heads * tokens][tokens];
        scratch = new float[maxBatch * heads][tokens];
    }

    /** @return the units of a batch, {@code batch * heads} */
    int units(int batch) {
        return batch * heads;
    }

    /** Attention of unit {@code u = b H + h}. */
    void forward(int u) {
        int b = u / heads;
        int c0 = (u % heads) * headDim;
        int base = b * tokens;
        for (int i = 0; i < tokens; i++) {
            float[] q = qkv[base + i];
            float[] p = probabilities[u * tokens + i];
            int visible = causal ? i + 1 : tokens;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < visible; j++) {
                float s = dot(q, c0, qkv[base + j], dim + c0, headDim) * scale;
                p[j] = s;
                max = Math.max(max, s);
            }
            float sum = 0f;
            for (int j = 0; j < visible; j++) {
                p[j] = (float) Math.exp(p[j] - max);
                sum += p[j];
            }
            float inv = 1f / sum;
            for (int j = 0; j < visible; j++) {
                p[j] *= inv;
            }
            Arrays.fill(p, visible, tokens, 0f);
            float[] o = output[base + i];
            Arrays.fill(o, c0, c0 + headDim, 0f);
            for (int j = 0; j < visible; j++) {
                float pj = p[j];
                float[] v = qkv[base + j];
                for (int c = 0; c < headDim; c++) {
                    o[c0 + c] += pj * v[2 * dim + c0 + c];
                }
            }
        }
    }

    /** The gradients of unit {@code u}'s query, key and value columns. */
    void backward(int u) {
        int b = u / heads;
        int c0 = (u % heads) * headDim;
        int base = b * tokens;
        for (int t = 0; t < tokens; t++) {
            float[] g = qkvGradient[base + t];
            Arrays.fill(g, c0, c0 + headDim, 0f);
            Arrays.fill(g, dim + c0, dim + c0 + headDim, 0f);
            Arrays.fill(g, 2 * dim + c0, 2 * dim + c0 + headDim, 0f);
        }
        float[] dp = scratch[u];
        for (int i = 0; i < tokens; i++) {
            float[] p = probabilities[u * tokens + i];
            float[] dOut = outputGradient[base + i];
            int visible = causal ? i + 1 : tokens;
            float weighted = 0f;
            for (int j = 0; j < visible; j++) {
                float[] v = qkv[base + j];
                float[] dv = qkvGradient[base + j];
                float pj = p[j];
                for (int c = 0; c < headDim; c++) {
                    dv[2 * dim + c0 + c] += pj * dOut[c0 + c];
                }
                float s = dot(dOut, c0, v, 2 * dim + c0, headDim);
                dp[j] = s;
                weighted += pj * s;
            }
            float[] q = qkv[base + i];
            float[] dq = qkvGradient[base + i];
            for (int j = 0; j < visible; j++) {
                float ds = p[j] * (dp[j] - weighted) * scale;
                float[] k = qkv[base + j];
                float[] dk = qkvGradient[base + j];
                // two loops: dq and dk are the same row when j = i, which would keep one loop scalar
                for (int c = 0; c < headDim; c++) {
                    dq[c0 + c] += ds * k[dim + c0 + c];
                }
                for (int c = 0; c < headDim; c++) {
                    dk[dim + c0 + c] += ds * q[c0 + c];
                }
            }
        }
    }

    /**
     * {@code sum_c a[ai + c] b[bi + c]} over {@code c} in {@code [0, n)} in four interleaved partial sums,
     * {@code (s0 + s1) + (s2 + s3)} and then the tail in order: four independent chains of additions rather than
     * one, whose latency would bound a head's short products.
     */
    static float dot(float[] a, int ai, float[] b, int bi, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int c = 0;
        for (; c + 4 <= n; c += 4) {
            s0 += a[ai + c] * b[bi + c];
            s1 += a[ai + c + 1] * b[bi + c + 1];
            s2 += a[ai + c + 2] * b[bi + c + 2];
            s3 += a[ai + c + 3] * b[bi + c + 3];
        }
        float s = (s0 + s1) + (s2 + s3);
        for (; c < n; c++) {
            s += a[ai + c] * b[bi + c];
        }
        return s;
    }
}
