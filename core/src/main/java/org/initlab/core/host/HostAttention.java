package org.initlab.core.host;

/**
 * The scaled dot-product core of PyTorch's {@code nn.MultiheadAttention} over fused projections and its
 * gradient. Per sample the input is {@code [T, 3D]} with columns {@code [q | k | v]}; head {@code h} reads columns
 * {@code [h d, (h+1) d)} of each part ({@code d = D / H}):
 * <pre>
 *   S = q k^T / sqrt(d)   (+ -inf above the diagonal when causal)
 *   P = softmax(S) per row,   context[:, h d .. (h+1) d) = P v
 * </pre>
 * One (sample, head) pair per writer: it owns its rows of {@code P} and its columns of the context (and of the
 * gradient), so results do not depend on the thread count.
 */
final class HostAttention {
    private final Parallel parallel;
    private final int batch;
    private final int tokens;
    private final int dim;
    private final int heads;
    private final int headDim;
    private final boolean causal;
    private final double scale;

    HostAttention(Parallel parallel, int batch, int tokens, int dim, int heads, boolean causal) {
        this.parallel = parallel;
        this.batch = batch;
        this.tokens = tokens;
        this.dim = dim;
        this.heads = heads;
        this.headDim = dim / heads;
        this.causal = causal;
        this.scale = 1 / Math.sqrt(headDim);
    }

    /**
     * @param qkv           the fused projections {@code [batch, T, 3D]}
     * @param probabilities receives {@code P}, {@code [batch, H, T, T]} (0 where masked)
     * @return the context {@code [batch, T, D]}, heads concatenated
     */
    double[] forward(double[] qkv, double[] probabilities) {
        double[] context = new double[batch * tokens * dim];
        parallel.rows(batch * heads, (long) tokens * tokens * headDim * 2, r -> {
            int b = r / heads;
            int h = r % heads;
            int base = b * tokens * 3 * dim;
            int p = r * tokens * tokens;
            for (int t = 0; t < tokens; t++) {
                int allowed = causal ? t + 1 : tokens;
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < allowed; s++) {
                    double score = score(qkv, base, h, t, s);
                    probabilities[p + t * tokens + s] = score;
                    max = Math.max(max, score);
                }
                double sum = 0;
                for (int s = 0; s < allowed; s++) {
                    double e = Math.exp(probabilities[p + t * tokens + s] - max);
                    probabilities[p + t * tokens + s] = e;
                    sum += e;
                }
                int out = (b * tokens + t) * dim + h * headDim;
                for (int s = 0; s < allowed; s++) {
                    double w = probabilities[p + t * tokens + s] / sum;
                    probabilities[p + t * tokens + s] = w;
                    int v = base + s * 3 * dim + 2 * dim + h * headDim;
                    for (int i = 0; i < headDim; i++) {
                        context[out + i] += w * qkv[v + i];
                    }
                }
            }
        });
        return context;
    }

    /** @return {@code q_t . k_s / sqrt(d)} of head {@code h} in the sample at {@code base} */
    private double score(double[] qkv, int base, int h, int t, int s) {
        int q = base + t * 3 * dim + h * headDim;
        int k = base + s * 3 * dim + dim + h * headDim;
        double dot = 0;
        for (int i = 0; i < headDim; i++) {
            dot += qkv[q + i] * qkv[k + i];
        }
        return dot * scale;
    }

    /**
     * @param qkv the fused projections {@code [batch, T, 3D]}
     * @return the scaled logits {@code q k^T / sqrt(d)} of every pair, masked ones included, {@code [batch, H, T, T]}
     */
    double[] logits(double[] qkv) {
        double[] logits = new double[batch * heads * tokens * tokens];
        parallel.rows(batch * heads, (long) tokens * tokens * headDim, r -> {
            int base = r / heads * tokens * 3 * dim;
            for (int t = 0; t < tokens; t++) {
                for (int s = 0; s < tokens; s++) {
                    logits[(r * tokens + t) * tokens + s] = score(qkv, base, r % heads, t, s);
                }
            }
        });
        return logits;
    }

    /**
     * @param dContext      dL/dcontext {@code [batch, T, D]}
     * @param qkv           the forward pass's projections
     * @param probabilities the forward pass's {@code P}
     * @return dL/dqkv {@code [batch, T, 3D]}
     */
    double[] backward(double[] dContext, double[] qkv, double[] probabilities) {
        double[] dQkv = new double[qkv.length];
        parallel.rows(batch * heads, (long) tokens * tokens * headDim * 4, r -> {
            int b = r / heads;
            int h = r % heads;
            int base = b * tokens * 3 * dim;
            int p = r * tokens * tokens;
            double[] dScore = new double[tokens * tokens];
            for (int t = 0; t < tokens; t++) {
                int allowed = causal ? t + 1 : tokens;
                int dc = (b * tokens + t) * dim + h * headDim;
                double weighted = 0;
                for (int s = 0; s < allowed; s++) {
                    double w = probabilities[p + t * tokens + s];
                    int v = base + s * 3 * dim + 2 * dim + h * headDim;
                    double dp = 0;
                    for (int i = 0; i < headDim; i++) {
                        dp += dContext[dc + i] * qkv[v + i];
                        dQkv[v + i] += w * dContext[dc + i];
                    }
                    dScore[t * tokens + s] = dp;
                    weighted += w * dp;
                }
                for (int s = 0; s < allowed; s++) {
                    dScore[t * tokens + s] = probabilities[p + t * tokens + s] * (dScore[t * tokens + s] - weighted)
                            * scale;
                }
            }
            for (int t = 0; t < tokens; t++) {
                int allowed = causal ? t + 1 : tokens;
                int q = base + t * 3 * dim + h * headDim;
                for (int s = 0; s < allowed; s++) {
                    double g = dScore[t * tokens + s];
                    int k = base + s * 3 * dim + dim + h * headDim;
                    for (int i = 0; i < headDim; i++) {
                        dQkv[q + i] += g * qkv[k + i];
                        dQkv[k + i] += g * qkv[q + i];
                    }
                }
            }
        });
        return dQkv;
    }
}
