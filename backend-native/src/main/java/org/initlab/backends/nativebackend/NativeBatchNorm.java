package org.initlab.backends.nativebackend;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.spi.ParameterSpec;

/**
 * Batch normalization ({@link BatchNormLayer}): per channel of a spatial boundary (one row, the batch side by
 * side) or per feature of a flat one (one column of the sample rows). Training passes normalize with the
 * batch mean and biased variance (summed in double, two passes; with the Vector API kernels, in float over blocks
 * of 256 values and in double across blocks: {@link VectorBatchNormKernels}) and update the running statistics with
 * PyTorch's rule and the unbiased variance; evaluation passes use the running statistics. Work is split by
 * channels (or by feature columns), each owning its statistics, parameters and gradients.
 *
 * <p>Backward, with {@code xhat = (x - mean) * invstd} recomputed from the kept input:
 * {@code dbeta = sum dy}, {@code dgamma = sum dy xhat},
 * {@code dx = gamma invstd (dy - dbeta / m - xhat dgamma / m)}.
 */
final class NativeBatchNorm implements NativeLayer {
    private final Boundary in;
    private final Boundary out;
    private final int features;
    private final double eps;
    private final double momentum;
    private final float[] gamma;
    private final float[] beta;
    private final float[] gammaGradient;
    private final float[] betaGradient;
    private final float[] runningMean;
    private final float[] runningVar;
    private final float[] mean;
    private final float[] invstd;
    private final float[] scale;
    private final float[] shift;
    /** Per-feature accumulators of the statistics and of the backward sums. */
    private final double[] sums;
    private final double[] squares;
    private boolean updateRunning;
    /** The output of the ReLU after this layer when this layer runs it ({@link #runRelu}), else null. */
    private Boundary relu;

    NativeBatchNorm(BatchNormLayer layer, int index, Boundary in, Boundary out, ParameterSet initial) {
        this.in = in;
        this.out = out;
        features = layer.features();
        eps = layer.eps();
        momentum = layer.momentum();
        gamma = LayerParameters.values(initial, index + ".weight", features).clone();
        beta = LayerParameters.values(initial, index + ".bias", features).clone();
        gammaGradient = new float[features];
        betaGradient = new float[features];
        runningMean = new float[features];
        runningVar = new float[features];
        Arrays.fill(runningVar, 1f);
        mean = new float[features];
        invstd = new float[features];
        scale = new float[features];
        shift = new float[features];
        sums = new double[features];
        squares = new double[features];
    }

    /**
     * Runs the ReLU after this layer inside this layer's passes (for a spatial boundary): forward writes
     * {@code max(y, 0)} straight into the ReLU's output, backward reads the ReLU's output gradient and masks it by
     * that output as it goes. One pass over the map and two phases fewer; the same values, bit for bit.
     *
     * @param next the ReLU that reads this layer's output
     * @return whether it runs here (only on a spatial boundary, for a ReLU on feature maps)
     */
    boolean runRelu(NativeActivation next) {
        if (!in.spatial || !next.fusable()) {
            return false;
        }
        next.absorb(true);
        relu = next.output();
        return true;
    }

    /** @return a copy of the running means (for tests) */
    float[] runningMean() {
        return runningMean.clone();
    }

    /** @return a copy of the running variances (for tests) */
    float[] runningVariance() {
        return runningVar.clone();
    }

    @Override
    public void beforeForward(int batch, Mode mode) {
        if (mode.training() && count(batch) < 2) {
            throw new IllegalArgumentException("batch normalization needs more than one value per channel in "
                    + "training, got a batch of " + batch + " with " + in.plane + " value(s) per channel "
                    + "(PyTorch refuses it too)");
        }
        updateRunning = mode == Mode.TRAINING;
    }

    private int count(int batch) {
        return in.spatial ? batch * in.plane : batch;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int f0 = Kernels.share(features, worker, workers);
        int f1 = Kernels.share(features, worker + 1, workers);
        if (training) {
            statistics(batch, f0, f1);
        }
        for (int f = f0; f < f1; f++) {
            double m;
            double inv;
            if (training) {
                m = mean[f];
                inv = invstd[f];
            } else {
                m = runningMean[f];
                inv = 1 / Math.sqrt(runningVar[f] + eps);
            }
            scale[f] = (float) (gamma[f] * inv);
            shift[f] = (float) (beta[f] - m * gamma[f] * inv);
        }
        if (in.spatial) {
            int length = batch * in.plane;
            boolean vector = Kernels.vectorActive();
            for (int f = f0; f < f1; f++) {
                float[] y = relu != null ? relu.values[f] : out.values[f];
                if (vector) {
                    VectorBatchNormKernels.scaleShift(in.values[f], y, length, scale[f], shift[f], relu != null);
                } else {
                    scaleShift(in.values[f], y, 0, length, scale[f], shift[f]);
                    if (relu != null) {
                        ActivationKernels.relu(y, y, 0, length);
                    }
                }
            }
        } else {
            for (int b = 0; b < batch; b++) {
                float[] x = in.values[b];
                float[] y = out.values[b];
                for (int f = f0; f < f1; f++) {
                    y[f] = x[f] * scale[f] + shift[f];
                }
            }
        }
    }

    private static void scaleShift(float[] x, float[] y, int from, int to, float scale, float shift) {
        for (int n = from; n < to; n++) {
            y[n] = x[n] * scale + shift;
        }
    }

    /** Batch mean and inverse standard deviation of features {@code [f0, f1)}; updates the running ones. */
    private void statistics(int batch, int f0, int f1) {
        int m = count(batch);
        for (int f = f0; f < f1; f++) {
            sums[f] = 0;
            squares[f] = 0;
        }
        if (in.spatial) {
            boolean vector = Kernels.vectorActive();
            for (int f = f0; f < f1; f++) {
                float[] x = in.values[f];
                if (vector) {
                    double mu = VectorBatchNormKernels.sum(x, m) / m;
                    sums[f] = mu;
                    squares[f] = VectorBatchNormKernels.squares(x, m, (float) mu);
                    continue;
                }
                double s = 0;
                for (int n = 0; n < m; n++) {
                    s += x[n];
                }
                double mu = s / m;
                double q = 0;
                for (int n = 0; n < m; n++) {
                    double d = x[n] - mu;
                    q += d * d;
                }
                sums[f] = mu;
                squares[f] = q;
            }
        } else {
            for (int b = 0; b < m; b++) {
                float[] x = in.values[b];
                for (int f = f0; f < f1; f++) {
                    sums[f] += x[f];
                }
            }
            for (int f = f0; f < f1; f++) {
                sums[f] /= m;
            }
            for (int b = 0; b < m; b++) {
                float[] x = in.values[b];
                for (int f = f0; f < f1; f++) {
                    double d = x[f] - sums[f];
                    squares[f] += d * d;
                }
            }
        }
        for (int f = f0; f < f1; f++) {
            double mu = sums[f];
            double variance = squares[f] / m;
            mean[f] = (float) mu;
            invstd[f] = (float) (1 / Math.sqrt(variance + eps));
            if (updateRunning) {
                runningMean[f] = (float) ((1 - momentum) * runningMean[f] + momentum * mu);
                runningVar[f] = (float) ((1 - momentum) * runningVar[f] + momentum * squares[f] / (m - 1));
            }
        }
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        int f0 = Kernels.share(features, worker, workers);
        int f1 = Kernels.share(features, worker + 1, workers);
        int m = count(batch);
        boolean input = in.gradients != null;
        if (in.spatial) {
            boolean vector = Kernels.vectorActive();
            for (int f = f0; f < f1; f++) {
                float[] x = in.values[f];
                float[] dy = out.gradients[f];
                float[] gate = null;
                if (relu != null) {
                    // the ReLU's backward pass, here: masked as read (vector), or first into this layer's own
                    // output gradient (scalar)
                    gate = relu.values[f];
                    if (vector) {
                        dy = relu.gradients[f];
                    } else {
                        ActivationKernels.reluBackward(gate, relu.gradients[f], dy, 0, m);
                        gate = null;
                    }
                }
                float mu = mean[f];
                float inv = invstd[f];
                double db = 0;
                double dg = 0;
                if (vector) {
                    VectorBatchNormKernels.backwardSums(x, dy, gate, m, mu, inv, sums, squares, f);
                    db = sums[f];
                    dg = squares[f];
                } else {
                    for (int n = 0; n < m; n++) {
                        db += dy[n];
                        dg += dy[n] * ((x[n] - mu) * inv);
                    }
                }
                betaGradient[f] = (float) db;
                gammaGradient[f] = (float) dg;
                if (input) {
                    float k = gamma[f] * inv;
                    float meanDy = (float) (db / m);
                    float meanDyXhat = (float) (dg / m);
                    float[] dx = in.gradients[f];
                    if (vector) {
                        VectorBatchNormKernels.inputGradient(x, dy, gate, dx, m, k, meanDy, mu, inv, meanDyXhat);
                        continue;
                    }
                    for (int n = 0; n < m; n++) {
                        dx[n] = k * (dy[n] - meanDy - (x[n] - mu) * inv * meanDyXhat);
                    }
                }
            }
            return;
        }
        for (int f = f0; f < f1; f++) {
            sums[f] = 0;
            squares[f] = 0;
        }
        for (int b = 0; b < m; b++) {
            float[] x = in.values[b];
            float[] dy = out.gradients[b];
            for (int f = f0; f < f1; f++) {
                sums[f] += dy[f];
                squares[f] += dy[f] * ((x[f] - mean[f]) * invstd[f]);
            }
        }
        for (int f = f0; f < f1; f++) {
            betaGradient[f] = (float) sums[f];
            gammaGradient[f] = (float) squares[f];
        }
        if (!input) {
            return;
        }
        for (int b = 0; b < m; b++) {
            float[] x = in.values[b];
            float[] dy = out.gradients[b];
            float[] dx = in.gradients[b];
            for (int f = f0; f < f1; f++) {
                float inv = invstd[f];
                dx[f] = gamma[f] * inv * (dy[f] - (float) (sums[f] / m) - (x[f] - mean[f]) * inv
                        * (float) (squares[f] / m));
            }
        }
    }

    @Override
    public void rows(List<float[]> parameters, List<float[]> gradients) {
        parameters.add(gamma);
        parameters.add(beta);
        gradients.add(gammaGradient);
        gradients.add(betaGradient);
    }

    @Override
    public void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        LayerParameters.add(specs, gradients ? gammaGradient : gamma, out);
        LayerParameters.add(specs, gradients ? betaGradient : beta, out);
    }
}
