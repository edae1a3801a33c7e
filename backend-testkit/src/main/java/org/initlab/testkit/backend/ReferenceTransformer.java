package org.initlab.testkit.backend;

import java.util.Map;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.NormPlacement;
import org.initlab.core.model.TransformerBlock;

/**
 * The reference pass of a {@link TransformerBlock}, straight from its Javadoc, in double precision. With
 * {@code a} the shortcut multiplier, every form is
 * <pre>
 *   u1 = LN1(x) [PRE] or x;   s1 = a x + SA(u1);   m = LN1(s1) [POST] or s1;
 *   u2 = LN2(m) [PRE] or m;   s2 = a m + FF(u2);   y = LN2(s2) [POST] or s2
 * </pre>
 * The projections and LayerNorms act on every token of the batch alike, so they are the reference's dense layer
 * and layer normalization ({@link ReferenceLayers}, {@link ReferenceFeatureLayers}) over {@code batch * T} rows.
 * The attention runs per sample and head from the definition: {@code s_ij = q_i . k_j / sqrt(d)} ({@code -inf}
 * for {@code j > i} when causal), {@code p_i = softmax(s_i)}, {@code o_i = sum_j p_ij v_j}; backward
 * {@code dv_j = sum_i p_ij do_i}, {@code dp_ij = do_i . v_j}, {@code ds_ij = p_ij (dp_ij - sum_k p_ik dp_ik)},
 * {@code dq_i = sum_j ds_ij k_j / sqrt(d)}, {@code dk_j = sum_i ds_ij q_i / sqrt(d)}.
 */
final class ReferenceTransformer {
    private ReferenceTransformer() {
    }

    /** What the forward pass of a block remembers for its backward pass. */
    private record BlockPass(double[] x, double[] u1, double[] qkv, double[] probabilities, double[] heads,
                             double[] s1, double[] m, double[] u2, double[] z1, double[] hidden, double[] s2) {
    }

    static double[] forward(ReferenceNetwork net, TransformerBlock block, String path, double[] x, int batch,
                            FeatureShape in, Map<String, Object> memo) {
        int rows = batch * in.tokens();
        int dim = block.dim();
        double a = block.shortcutScale();
        boolean pre = block.norm() == NormPlacement.PRE;
        boolean post = block.norm() == NormPlacement.POST;
        double[] u1 = pre ? norm(net, path, TransformerBlock.NORM1, x, rows, dim) : x;
        double[] qkv = ReferenceLayers.dense(u1, rows, new DenseLayer(dim, 3 * dim),
                net.parameter(path + "." + TransformerBlock.IN_PROJ_WEIGHT),
                net.parameter(path + "." + TransformerBlock.IN_PROJ_BIAS));
        double[] probabilities = new double[batch * block.heads() * in.tokens() * in.tokens()];
        double[] heads = attention(block, qkv, batch, in.tokens(), probabilities);
        double[] sa = linear(net, path, TransformerBlock.OUT_PROJ, heads, rows, dim, dim);
        double[] s1 = axpy(a, x, sa);
        double[] m = post ? norm(net, path, TransformerBlock.NORM1, s1, rows, dim) : s1;
        double[] u2 = pre ? norm(net, path, TransformerBlock.NORM2, m, rows, dim) : m;
        double[] z1 = linear(net, path, TransformerBlock.LINEAR1, u2, rows, dim, block.ffWidth());
        double[] hidden = ReferenceLayers.activate(block.activation(), z1);
        double[] ff = linear(net, path, TransformerBlock.LINEAR2, hidden, rows, block.ffWidth(), dim);
        double[] s2 = axpy(a, m, ff);
        memo.put(path, new BlockPass(x, u1, qkv, probabilities, heads, s1, m, u2, z1, hidden, s2));
        return post ? norm(net, path, TransformerBlock.NORM2, s2, rows, dim) : s2;
    }

    static double[] backward(ReferenceNetwork net, TransformerBlock block, String path, double[] dy, int batch,
                             FeatureShape in, Map<String, Object> memo, Map<String, double[]> gradients) {
        BlockPass pass = (BlockPass) memo.get(path);
        int tokens = in.tokens();
        int rows = batch * tokens;
        int dim = block.dim();
        int ff = block.ffWidth();
        double a = block.shortcutScale();
        boolean pre = block.norm() == NormPlacement.PRE;
        boolean post = block.norm() == NormPlacement.POST;
        double[] ds2 = post ? normBackward(net, path, TransformerBlock.NORM2, pass.s2(), dy, rows, dim, gradients)
                : dy;
        double[] dHidden = linearBackward(net, path, TransformerBlock.LINEAR2, pass.hidden(), ds2, rows, ff, dim,
                gradients);
        double[] dz1 = ReferenceLayers.activationBackward(block.activation(), pass.z1(), pass.hidden(), dHidden);
        double[] du2 = linearBackward(net, path, TransformerBlock.LINEAR1, pass.u2(), dz1, rows, dim, ff, gradients);
        double[] dm = axpy(a, ds2, pre ? normBackward(net, path, TransformerBlock.NORM2, pass.m(), du2, rows, dim,
                gradients) : du2);
        double[] ds1 = post ? normBackward(net, path, TransformerBlock.NORM1, pass.s1(), dm, rows, dim, gradients)
                : dm;
        double[] dHeads = linearBackward(net, path, TransformerBlock.OUT_PROJ, pass.heads(), ds1, rows, dim, dim,
                gradients);
        double[] dQkv = attentionBackward(block, pass.qkv(), pass.probabilities(), dHeads, batch, tokens);
        double[] du1 = ReferenceLayers.denseBackward(pass.u1(), dQkv, rows, new DenseLayer(dim, 3 * dim),
                net.parameter(path + "." + TransformerBlock.IN_PROJ_WEIGHT),
                gradients.get(path + "." + TransformerBlock.IN_PROJ_WEIGHT),
                gradients.get(path + "." + TransformerBlock.IN_PROJ_BIAS));
        return axpy(a, ds1, pre ? normBackward(net, path, TransformerBlock.NORM1, pass.x(), du1, rows, dim,
                gradients) : du1);
    }

    /** @return per sample and head, {@code softmax(q k^T / sqrt(d) + mask) v}, heads side by side */
    private static double[] attention(TransformerBlock block, double[] qkv, int batch, int tokens, double[] p) {
        int dim = block.dim();
        int d = block.headDim();
        double scale = 1 / Math.sqrt(d);
        double[] out = new double[batch * tokens * dim];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < block.heads(); h++) {
                for (int i = 0; i < tokens; i++) {
                    int row = ((b * block.heads() + h) * tokens + i) * tokens;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < tokens; j++) {
                        double s = Double.NEGATIVE_INFINITY;
                        if (!block.causal() || j <= i) {
                            s = 0;
                            for (int c = 0; c < d; c++) {
                                s += q(qkv, b, i, tokens, dim, h * d + c) * k(qkv, b, j, tokens, dim, h * d + c);
                            }
                            s *= scale;
                        }
                        p[row + j] = s;
                        max = Math.max(max, s);
                    }
                    double sum = 0;
                    for (int j = 0; j < tokens; j++) {
                        p[row + j] = Math.exp(p[row + j] - max);
                        sum += p[row + j];
                    }
                    for (int j = 0; j < tokens; j++) {
                        p[row + j] /= sum;
                        for (int c = 0; c < d; c++) {
                            out[(b * tokens + i) * dim + h * d + c] += p[row + j]
                                    * v(qkv, b, j, tokens, dim, h * d + c);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static double[] attentionBackward(TransformerBlock block, double[] qkv, double[] p, double[] dOut,
                                              int batch, int tokens) {
        int dim = block.dim();
        int d = block.headDim();
        double scale = 1 / Math.sqrt(d);
        double[] dQkv = new double[qkv.length];
        double[] dp = new double[tokens];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < block.heads(); h++) {
                for (int i = 0; i < tokens; i++) {
                    int row = ((b * block.heads() + h) * tokens + i) * tokens;
                    int outRow = (b * tokens + i) * dim + h * d;
                    double weighted = 0;
                    for (int j = 0; j < tokens; j++) {
                        dp[j] = 0;
                        for (int c = 0; c < d; c++) {
                            dp[j] += dOut[outRow + c] * v(qkv, b, j, tokens, dim, h * d + c);
                            dQkv[index(b, j, tokens, dim, 2 * dim + h * d + c)] += p[row + j] * dOut[outRow + c];
                        }
                        weighted += p[row + j] * dp[j];
                    }
                    for (int j = 0; j < tokens; j++) {
                        double ds = p[row + j] * (dp[j] - weighted) * scale;
                        for (int c = 0; c < d; c++) {
                            dQkv[index(b, i, tokens, dim, h * d + c)] += ds * k(qkv, b, j, tokens, dim, h * d + c);
                            dQkv[index(b, j, tokens, dim, dim + h * d + c)] += ds
                                    * q(qkv, b, i, tokens, dim, h * d + c);
                        }
                    }
                }
            }
        }
        return dQkv;
    }

    /** @return the index of column {@code column} of token {@code t} of sample {@code b} in {@code [rows, 3D]} */
    private static int index(int b, int t, int tokens, int dim, int column) {
        return (b * tokens + t) * 3 * dim + column;
    }

    private static double q(double[] qkv, int b, int t, int tokens, int dim, int c) {
        return qkv[index(b, t, tokens, dim, c)];
    }

    private static double k(double[] qkv, int b, int t, int tokens, int dim, int c) {
        return qkv[index(b, t, tokens, dim, dim + c)];
    }

    private static double v(double[] qkv, int b, int t, int tokens, int dim, int c) {
        return qkv[index(b, t, tokens, dim, 2 * dim + c)];
    }

    private static double[] linear(ReferenceNetwork net, String path, String module, double[] x, int rows, int in,
                                   int out) {
        return ReferenceLayers.dense(x, rows, new DenseLayer(in, out), net.parameter(path + "." + module + ".weight"),
                net.parameter(path + "." + module + ".bias"));
    }

    private static double[] linearBackward(ReferenceNetwork net, String path, String module, double[] x,
                                           double[] dy, int rows, int in, int out, Map<String, double[]> gradients) {
        String prefix = path + "." + module;
        return ReferenceLayers.denseBackward(x, dy, rows, new DenseLayer(in, out), net.parameter(prefix + ".weight"),
                gradients.get(prefix + ".weight"), gradients.get(prefix + ".bias"));
    }

    private static double[] norm(ReferenceNetwork net, String path, String module, double[] x, int rows, int dim) {
        return ReferenceFeatureLayers.forward(layerNorm(dim), x, rows, FeatureShape.flat(dim),
                net.parameter(path + "." + module + ".weight"), net.parameter(path + "." + module + ".bias"));
    }

    private static double[] normBackward(ReferenceNetwork net, String path, String module, double[] x, double[] dy,
                                         int rows, int dim, Map<String, double[]> gradients) {
        String prefix = path + "." + module;
        return ReferenceFeatureLayers.backward(layerNorm(dim), x, dy, rows, FeatureShape.flat(dim),
                net.parameter(prefix + ".weight"), gradients.get(prefix + ".weight"), gradients.get(prefix + ".bias"));
    }

    private static LayerNormLayer layerNorm(int dim) {
        return new LayerNormLayer(FeatureShape.flat(dim), TransformerBlock.EPS);
    }

    /** @return {@code a x + y}, element-wise */
    private static double[] axpy(double a, double[] x, double[] y) {
        double[] out = new double[y.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = a * x[k] + y[k];
        }
        return out;
    }
}
