package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.spi.ParameterSpec;

/**
 * Layer normalization ({@link LayerNormLayer}) and RMS normalization ({@link RmsNormLayer}) over all
 * {@code n} features of each sample: feature {@code k = c * H * W + p} of sample {@code b} lives at
 * {@code values[c][b * H * W + p]} on a spatial boundary and at {@code values[b][k]} on a flat one, matching
 * the {@code [C, H, W]} layout of the weight. Statistics are summed in double, per sample; the same in training
 * and evaluation.
 *
 * <p>Backward, with {@code xhat = (x - mean) * invstd} ({@code mean = 0} for RMS) recomputed from the kept
 * input and {@code g = dy * weight}: {@code dx = invstd (g - mean(g) - xhat mean(g xhat))} (without the
 * {@code mean(g)} term for RMS), split by samples; then {@code dweight = sum_b dy xhat} and
 * {@code dbias = sum_b dy}, split by features, each summed over the batch in order.
 */
final class NativeFeatureNorm implements NativeLayer {
    private final Boundary in;
    private final Boundary out;
    private final int features;
    private final double eps;
    private final boolean centred;
    private final float[] gamma;
    private final float[] beta;
    private final float[] gammaGradient;
    private final float[] betaGradient;
    private final double[] mean;
    private final double[] invstd;

    NativeFeatureNorm(LayerNormLayer layer, int index, Boundary in, Boundary out, ParameterSet initial,
                      int maxBatch) {
        this(in, out, layer.eps(), true, index, initial, maxBatch);
    }

    NativeFeatureNorm(RmsNormLayer layer, int index, Boundary in, Boundary out, ParameterSet initial,
                      int maxBatch) {
        this(in, out, layer.eps(), false, index, initial, maxBatch);
    }

    private NativeFeatureNorm(Boundary in, Boundary out, double eps, boolean centred, int index,
                              ParameterSet initial, int maxBatch) {
        this.in = in;
        this.out = out;
        this.features = in.shape.size();
        this.eps = eps;
        this.centred = centred;
        gamma = LayerParameters.values(initial, index + ".weight", features).clone();
        gammaGradient = new float[features];
        beta = centred ? LayerParameters.values(initial, index + ".bias", features).clone() : null;
        betaGradient = centred ? new float[features] : null;
        mean = new double[maxBatch];
        invstd = new double[maxBatch];
    }

    private float x(float[][] rows, int b, int k) {
        return in.spatial ? rows[k / in.plane][b * in.plane + k % in.plane] : rows[b][k];
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        for (int b = Kernels.share(batch, worker, workers); b < Kernels.share(batch, worker + 1, workers); b++) {
            double mu = 0;
            if (centred) {
                for (int k = 0; k < features; k++) {
                    mu += x(in.values, b, k);
                }
                mu /= features;
            }
            double squares = 0;
            for (int k = 0; k < features; k++) {
                double d = x(in.values, b, k) - mu;
                squares += d * d;
            }
            double inv = 1 / Math.sqrt(squares / features + eps);
            mean[b] = mu;
            invstd[b] = inv;
            for (int k = 0; k < features; k++) {
                float y = (float) ((x(in.values, b, k) - mu) * inv) * gamma[k] + (centred ? beta[k] : 0f);
                if (in.spatial) {
                    out.values[k / in.plane][b * in.plane + k % in.plane] = y;
                } else {
                    out.values[b][k] = y;
                }
            }
        }
    }

    @Override
    public int backwardPhases() {
        return 2;
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        if (phase == 0) {
            if (in.gradients != null) {
                inputGradients(Kernels.share(batch, worker, workers), Kernels.share(batch, worker + 1, workers));
            }
            return;
        }
        for (int k = Kernels.share(features, worker, workers); k < Kernels.share(features, worker + 1, workers); k++) {
            double dg = 0;
            double db = 0;
            for (int b = 0; b < batch; b++) {
                double dy = x(out.gradients, b, k);
                dg += dy * (x(in.values, b, k) - mean[b]) * invstd[b];
                db += dy;
            }
            gammaGradient[k] = (float) dg;
            if (centred) {
                betaGradient[k] = (float) db;
            }
        }
    }

    private void inputGradients(int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            double sumG = 0;
            double sumGXhat = 0;
            for (int k = 0; k < features; k++) {
                double g = x(out.gradients, b, k) * gamma[k];
                sumG += g;
                sumGXhat += g * (x(in.values, b, k) - mean[b]) * invstd[b];
            }
            double meanG = centred ? sumG / features : 0;
            double meanGXhat = sumGXhat / features;
            for (int k = 0; k < features; k++) {
                double xhat = (x(in.values, b, k) - mean[b]) * invstd[b];
                float dx = (float) (invstd[b] * (x(out.gradients, b, k) * gamma[k] - meanG - xhat * meanGXhat));
                if (in.spatial) {
                    in.gradients[k / in.plane][b * in.plane + k % in.plane] = dx;
                } else {
                    in.gradients[b][k] = dx;
                }
            }
        }
    }

    @Override
    public void rows(List<float[]> parameters, List<float[]> gradients) {
        parameters.add(gamma);
        gradients.add(gammaGradient);
        if (centred) {
            parameters.add(beta);
            gradients.add(betaGradient);
        }
    }

    @Override
    public void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        LayerParameters.add(specs, gradients ? gammaGradient : gamma, out);
        if (centred) {
            LayerParameters.add(specs, gradients ? betaGradient : beta, out);
        }
    }
}
