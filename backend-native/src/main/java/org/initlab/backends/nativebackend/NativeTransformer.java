package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Activation;
import org.initlab.core.model.NormPlacement;
import org.initlab.core.model.TransformerBlock;
import org.initlab.spi.ParameterSpec;

/**
 * A transformer encoder block ({@link TransformerBlock}) on a flat boundary of {@code [T * D]} token sequences.
 * All tokens of the batch are rows of one matrix ({@code N = batch * T} rows of {@code D}), so each projection is
 * one product over the whole batch ({@link TokenLinear}: the fused {@code in_proj}, {@code out_proj},
 * {@code linear1}, {@code linear2}); LayerNorms act per row ({@link TokenNorm}); the attention runs per sample and
 * head ({@link NativeAttention}). With {@code a} the shortcut multiplier:
 * <pre>
 *   u1 = LN1(x) [PRE] or x;   s1 = a x + SA(u1);   m = LN1(s1) [POST] or s1;
 *   u2 = LN2(m) [PRE] or m;   s2 = a m + FF(u2);   y = LN2(s2) [POST] or s2
 * </pre>
 * Forward phases: (rows) the input rows, LN1 and the fused projection; (sample and head) the attention; (rows)
 * everything after it, which is row-local. Backward phases: (rows) from the output gradient to the attention
 * output's gradient; (sample and head) the attention's; (rows) to the input gradient; (parameters) every weight,
 * bias and norm gradient, split by their rows or features. Every buffer is sized at construction for the largest
 * batch.
 */
final class NativeTransformer implements NativeLayer {
    private final Boundary in;
    private final Boundary out;
    private final int tokens;
    private final int dim;
    private final int ffWidth;
    private final boolean pre;
    private final boolean post;
    private final float alpha;
    private final Activation activation;
    private final TokenLinear inProj;
    private final TokenLinear outProj;
    private final TokenLinear linear1;
    private final TokenLinear linear2;
    private final TokenNorm norm1;
    private final TokenNorm norm2;
    private final NativeAttention attention;
    private final float[][] x;
    private final float[][] u1;
    private final float[][] s1;
    private final float[][] m;
    private final float[][] u2;
    private final float[][] z1;
    private final float[][] hidden;
    private final float[][] s2;
    private final float[][] y;
    private final float[][] dY;
    private final float[][] dS2;
    private final float[][] dHidden;
    private final float[][] dZ1;
    private final float[][] dU2;
    private final float[][] dM;
    private final float[][] dS1;
    private final float[][] dU1;
    private final float[][] dX;

    NativeTransformer(TransformerBlock block, String path, Boundary in, Boundary out, ParameterSet initial,
                      int maxBatch) {
        this.in = in;
        this.out = out;
        tokens = in.shape.tokens();
        dim = block.dim();
        ffWidth = block.ffWidth();
        pre = block.norm() == NormPlacement.PRE;
        post = block.norm() == NormPlacement.POST;
        alpha = (float) block.shortcutScale();
        activation = block.activation();
        int rows = maxBatch * tokens;
        String p = path + ".";
        inProj = new TokenLinear(initial, p + TransformerBlock.IN_PROJ_WEIGHT, p + TransformerBlock.IN_PROJ_BIAS, dim,
                3 * dim);
        outProj = linear(initial, p + TransformerBlock.OUT_PROJ, dim, dim);
        linear1 = linear(initial, p + TransformerBlock.LINEAR1, dim, ffWidth);
        linear2 = linear(initial, p + TransformerBlock.LINEAR2, ffWidth, dim);
        attention = new NativeAttention(tokens, dim, block.heads(), block.causal(), maxBatch);
        x = new float[rows][dim];
        u1 = pre ? new float[rows][dim] : x;
        s1 = new float[rows][dim];
        m = post ? new float[rows][dim] : s1;
        u2 = pre ? new float[rows][dim] : m;
        z1 = new float[rows][ffWidth];
        hidden = new float[rows][ffWidth];
        s2 = new float[rows][dim];
        y = post ? new float[rows][dim] : s2;
        dY = new float[rows][dim];
        dS2 = post ? new float[rows][dim] : dY;
        dHidden = new float[rows][ffWidth];
        dZ1 = new float[rows][ffWidth];
        dU2 = new float[rows][dim];
        dM = new float[rows][dim];
        dS1 = post ? new float[rows][dim] : dM;
        dU1 = new float[rows][dim];
        dX = new float[rows][dim];
        if (pre) {
            norm1 = new TokenNorm(initial, p + TransformerBlock.NORM1, dim, TransformerBlock.EPS, x, dU1, rows);
            norm2 = new TokenNorm(initial, p + TransformerBlock.NORM2, dim, TransformerBlock.EPS, m, dU2, rows);
        } else if (post) {
            norm1 = new TokenNorm(initial, p + TransformerBlock.NORM1, dim, TransformerBlock.EPS, s1, dM, rows);
            norm2 = new TokenNorm(initial, p + TransformerBlock.NORM2, dim, TransformerBlock.EPS, s2, dY, rows);
        } else {
            norm1 = null;
            norm2 = null;
        }
    }

    private static TokenLinear linear(ParameterSet initial, String module, int inputs, int outputs) {
        return new TokenLinear(initial, module + ".weight", module + ".bias", inputs, outputs);
    }

    @Override
    public int forwardPhases() {
        return 3;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        if (phase == 1) {
            int units = attention.units(batch);
            for (int u = Kernels.share(units, worker, workers); u < Kernels.share(units, worker + 1, workers); u++) {
                attention.forward(u);
            }
            return;
        }
        int rows = batch * tokens;
        int r0 = Kernels.share(rows, worker, workers);
        int r1 = Kernels.share(rows, worker + 1, workers);
        if (phase == 0) {
            for (int r = r0; r < r1; r++) {
                System.arraycopy(in.values[r / tokens], (r % tokens) * dim, x[r], 0, dim);
                if (pre) {
                    norm1.forward(r, u1);
                }
            }
            inProj.forward(u1, attention.qkv, r0, r1);
            return;
        }
        outProj.forward(attention.output, s1, r0, r1);
        for (int r = r0; r < r1; r++) {
            shortcut(s1[r], x[r], s1[r]);
            if (post) {
                norm1.forward(r, m);
            } else if (pre) {
                norm2.forward(r, u2);
            }
        }
        linear1.forward(u2, z1, r0, r1);
        ActivationKernels.forward(activation, z1, hidden, r0, r1, ffWidth);
        linear2.forward(hidden, s2, r0, r1);
        for (int r = r0; r < r1; r++) {
            shortcut(s2[r], m[r], s2[r]);
            if (post) {
                norm2.forward(r, y);
            }
            System.arraycopy(y[r], 0, out.values[r / tokens], (r % tokens) * dim, dim);
        }
    }

    /** {@code target = a * shortcut + branch}, element-wise over one row. */
    private void shortcut(float[] target, float[] shortcut, float[] branch) {
        for (int k = 0; k < dim; k++) {
            target[k] = alpha * shortcut[k] + branch[k];
        }
    }

    @Override
    public int backwardPhases() {
        return 4;
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        int rows = batch * tokens;
        if (phase == 1) {
            int units = attention.units(batch);
            for (int u = Kernels.share(units, worker, workers); u < Kernels.share(units, worker + 1, workers); u++) {
                attention.backward(u);
            }
            return;
        }
        if (phase == 3) {
            inProj.parameterGradients(u1, attention.qkvGradient, rows, worker, workers);
            outProj.parameterGradients(attention.output, dS1, rows, worker, workers);
            linear1.parameterGradients(u2, dZ1, rows, worker, workers);
            linear2.parameterGradients(hidden, dS2, rows, worker, workers);
            if (norm1 != null) {
                norm1.parameterGradients(rows, worker, workers);
                norm2.parameterGradients(rows, worker, workers);
            }
            return;
        }
        int r0 = Kernels.share(rows, worker, workers);
        int r1 = Kernels.share(rows, worker + 1, workers);
        if (phase == 0) {
            for (int r = r0; r < r1; r++) {
                System.arraycopy(out.gradients[r / tokens], (r % tokens) * dim, dY[r], 0, dim);
                if (post) {
                    norm2.inputGradient(r, dS2);
                }
            }
            linear2.inputGradient(dS2, dHidden, r0, r1);
            ActivationKernels.backward(activation, z1, hidden, dHidden, dZ1, r0, r1, ffWidth);
            linear1.inputGradient(dZ1, dU2, r0, r1);
            for (int r = r0; r < r1; r++) {
                if (pre) {
                    norm2.inputGradient(r, dM);
                    shortcut(dM[r], dS2[r], dM[r]);
                } else {
                    shortcut(dM[r], dS2[r], dU2[r]);
                }
                if (post) {
                    norm1.inputGradient(r, dS1);
                }
            }
            outProj.inputGradient(dS1, attention.outputGradient, r0, r1);
            return;
        }
        inProj.inputGradient(attention.qkvGradient, dU1, r0, r1);
        if (in.gradients == null) {
            return;
        }
        for (int r = r0; r < r1; r++) {
            float[] branch = dU1[r];
            if (pre) {
                norm1.inputGradient(r, dX);
                branch = dX[r];
            }
            float[] target = in.gradients[r / tokens];
            int at = (r % tokens) * dim;
            float[] d = dS1[r];
            for (int k = 0; k < dim; k++) {
                target[at + k] = alpha * d[k] + branch[k];
            }
        }
    }

    @Override
    public void refresh(int worker, int workers) {
        inProj.refresh(worker, workers);
        outProj.refresh(worker, workers);
        linear1.refresh(worker, workers);
        linear2.refresh(worker, workers);
    }

    @Override
    public void rows(List<float[]> parameters, List<float[]> gradients) {
        inProj.rows(parameters, gradients);
        outProj.rows(parameters, gradients);
        linear1.rows(parameters, gradients);
        linear2.rows(parameters, gradients);
        if (norm1 != null) {
            norm1.rows(parameters, gradients);
            norm2.rows(parameters, gradients);
        }
    }

    @Override
    public void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        inProj.export(specs, gradients, out);
        outProj.export(specs, gradients, out);
        linear1.export(specs, gradients, out);
        linear2.export(specs, gradients, out);
        if (norm1 != null) {
            norm1.export(specs, gradients, out);
            norm2.export(specs, gradients, out);
        }
    }
}
