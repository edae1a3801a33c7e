package org.initlab.core.host;

import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.NormPlacement;
import org.initlab.core.model.TransformerBlock;

/**
 * A plain, loop-by-loop transcription of PyTorch's {@code nn.TransformerEncoderLayer._sa_block}, {@code _ff_block}
 * and {@code forward} (with the shortcut multiplier), one sample and one token at a time, as an independent check
 * of the host kernels.
 */
final class ReferenceEncoderLayer {
    private ReferenceEncoderLayer() {
    }

    static double[] forward(TransformerBlock block, ParameterSet params, String prefix, double[] x, int tokens,
                            int batch) {
        int d = block.dim();
        double[] y = new double[x.length];
        for (int b = 0; b < batch; b++) {
            double[][] s = new double[tokens][d];
            for (int t = 0; t < tokens; t++) {
                for (int i = 0; i < d; i++) {
                    s[t][i] = x[(b * tokens + t) * d + i];
                }
            }
            double a = block.shortcutScale();
            NormPlacement form = block.norm();
            if (form == NormPlacement.PRE) {
                s = add(a, s, selfAttention(block, params, prefix, norm(params, prefix + "norm1", s)));
                s = add(a, s, feedForward(block, params, prefix, norm(params, prefix + "norm2", s)));
            } else if (form == NormPlacement.POST) {
                s = norm(params, prefix + "norm1", add(a, s, selfAttention(block, params, prefix, s)));
                s = norm(params, prefix + "norm2", add(a, s, feedForward(block, params, prefix, s)));
            } else {
                s = add(a, s, selfAttention(block, params, prefix, s));
                s = add(a, s, feedForward(block, params, prefix, s));
            }
            for (int t = 0; t < tokens; t++) {
                for (int i = 0; i < d; i++) {
                    y[(b * tokens + t) * d + i] = s[t][i];
                }
            }
        }
        return y;
    }

    private static double[][] add(double a, double[][] x, double[][] f) {
        double[][] y = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[0].length; i++) {
                y[t][i] = a * x[t][i] + f[t][i];
            }
        }
        return y;
    }

    private static double[][] norm(ParameterSet params, String module, double[][] x) {
        float[] w = params.values(module + ".weight");
        float[] bias = params.values(module + ".bias");
        double[][] y = new double[x.length][x[0].length];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) {
                mean += v / x[t].length;
            }
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean) / x[t].length;
            }
            for (int i = 0; i < x[t].length; i++) {
                y[t][i] = (x[t][i] - mean) / Math.sqrt(var + 1e-5) * w[i] + bias[i];
            }
        }
        return y;
    }

    /** {@code x W^T + b} with W's rows {@code [from, from + out)} and the matching bias slice. */
    private static double[][] linear(double[][] x, float[] w, float[] bias, int from, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double sum = bias[from + o];
                for (int i = 0; i < in; i++) {
                    sum += w[(from + o) * in + i] * x[t][i];
                }
                y[t][o] = sum;
            }
        }
        return y;
    }

    private static double[][] selfAttention(TransformerBlock block, ParameterSet params, String prefix,
                                            double[][] x) {
        int d = block.dim();
        int dh = block.headDim();
        float[] w = params.values(prefix + "self_attn.in_proj_weight");
        float[] bias = params.values(prefix + "self_attn.in_proj_bias");
        double[][] q = linear(x, w, bias, 0, d);
        double[][] k = linear(x, w, bias, d, d);
        double[][] v = linear(x, w, bias, 2 * d, d);
        int tokens = x.length;
        double[][] context = new double[tokens][d];
        for (int h = 0; h < block.heads(); h++) {
            for (int t = 0; t < tokens; t++) {
                double[] score = new double[tokens];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s < tokens; s++) {
                    double dot = 0;
                    for (int i = 0; i < dh; i++) {
                        dot += q[t][h * dh + i] * k[s][h * dh + i];
                    }
                    score[s] = block.causal() && s > t ? Double.NEGATIVE_INFINITY : dot / Math.sqrt(dh);
                    max = Math.max(max, score[s]);
                }
                double sum = 0;
                for (int s = 0; s < tokens; s++) {
                    score[s] = Math.exp(score[s] - max);
                    sum += score[s];
                }
                for (int s = 0; s < tokens; s++) {
                    for (int i = 0; i < dh; i++) {
                        context[t][h * dh + i] += score[s] / sum * v[s][h * dh + i];
                    }
                }
            }
        }
        return linear(context, params.values(prefix + "self_attn.out_proj.weight"),
                params.values(prefix + "self_attn.out_proj.bias"), 0, d);
    }

    private static double[][] feedForward(TransformerBlock block, ParameterSet params, String prefix, double[][] x) {
        double[][] hidden = linear(x, params.values(prefix + "linear1.weight"), params.values(prefix + "linear1.bias"),
                0, block.ffWidth());
        for (double[] row : hidden) {
            for (int i = 0; i < row.length; i++) {
                row[i] = block.activation().apply(row[i]);
            }
        }
        return linear(hidden, params.values(prefix + "linear2.weight"), params.values(prefix + "linear2.bias"), 0,
                block.dim());
    }
}
