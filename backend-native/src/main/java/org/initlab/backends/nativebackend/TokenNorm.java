package org.initlab.backends.nativebackend;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.spi.ParameterSpec;

/**
 * LayerNorm over the {@code D} features of every token row of a batch, a {@link NativeTransformer}'s
 * {@code norm1} or {@code norm2}: {@code y = (x - mean) invstd * gamma + beta}, statistics per row summed in double
 * and kept for the backward pass, as {@link NativeFeatureNorm} does per sample. The input rows and the output
 * gradient rows it differentiates are fixed at construction. Backward, with {@code g = dy * gamma}:
 * {@code dx = invstd (g - mean(g) - xhat mean(g xhat))} per row; {@code dgamma = sum_r dy xhat},
 * {@code dbeta = sum_r dy}, split by features and summed over rows in order.
 */
final class TokenNorm {
    private final int dim;
    private final double eps;
    private final float[][] input;
    private final float[][] outputGradient;
    private final float[] gamma;
    private final float[] beta;
    private final float[] gammaGradient;
    private final float[] betaGradient;
    private final double[] mean;
    private final double[] invstd;
    /** The running sums of {@link #parameterGradients}, one per feature (workers own disjoint features). */
    private final double[] gammaSums;
    private final double[] betaSums;

    /**
     * @param initial        the network's parameters
     * @param module         the module path ({@code 3.norm1})
     * @param dim            the features per token
     * @param eps            the variance floor
     * @param input          the rows it normalizes
     * @param outputGradient the rows of the loss gradient of its output
     * @param maxRows        the most token rows of a batch
     */
    TokenNorm(ParameterSet initial, String module, int dim, double eps, float[][] input, float[][] outputGradient,
              int maxRows) {
        this.dim = dim;
        this.eps = eps;
        this.input = input;
        this.outputGradient = outputGradient;
        gamma = LayerParameters.values(initial, module + ".weight", dim).clone();
        beta = LayerParameters.values(initial, module + ".bias", dim).clone();
        gammaGradient = new float[dim];
        betaGradient = new float[dim];
        mean = new double[maxRows];
        invstd = new double[maxRows];
        gammaSums = new double[dim];
        betaSums = new double[dim];
    }

    /** Normalizes input row {@code r} into {@code y[r]}. */
    void forward(int r, float[][] y) {
        float[] x = input[r];
        double mu = 0;
        for (int k = 0; k < dim; k++) {
            mu += x[k];
        }
        mu /= dim;
        double squares = 0;
        for (int k = 0; k < dim; k++) {
            double d = x[k] - mu;
            squares += d * d;
        }
        double inv = 1 / Math.sqrt(squares / dim + eps);
        mean[r] = mu;
        invstd[r] = inv;
        float[] out = y[r];
        for (int k = 0; k < dim; k++) {
            out[k] = (float) ((x[k] - mu) * inv) * gamma[k] + beta[k];
        }
    }

    /** Writes the input gradient of row {@code r} into {@code dx[r]}. */
    void inputGradient(int r, float[][] dx) {
        float[] x = input[r];
        float[] dy = outputGradient[r];
        double mu = mean[r];
        double inv = invstd[r];
        double sumG = 0;
        double sumGXhat = 0;
        for (int k = 0; k < dim; k++) {
            double g = dy[k] * gamma[k];
            sumG += g;
            sumGXhat += g * (x[k] - mu) * inv;
        }
        double meanG = sumG / dim;
        double meanGXhat = sumGXhat / dim;
        float[] out = dx[r];
        for (int k = 0; k < dim; k++) {
            double xhat = (x[k] - mu) * inv;
            out[k] = (float) (inv * (dy[k] * gamma[k] - meanG - xhat * meanGXhat));
        }
    }

    /** One worker's share (by features) of the scale and shift gradients over {@code rows} rows. */
    void parameterGradients(int rows, int worker, int workers) {
        int k0 = Kernels.share(dim, worker, workers);
        int k1 = Kernels.share(dim, worker + 1, workers);
        Arrays.fill(gammaSums, k0, k1, 0);
        Arrays.fill(betaSums, k0, k1, 0);
        // rows outside, features inside: each row is read once, in order, rather than a column at a time
        for (int r = 0; r < rows; r++) {
            float[] dy = outputGradient[r];
            float[] x = input[r];
            double mu = mean[r];
            double inv = invstd[r];
            for (int k = k0; k < k1; k++) {
                gammaSums[k] += dy[k] * (x[k] - mu) * inv;
                betaSums[k] += dy[k];
            }
        }
        for (int k = k0; k < k1; k++) {
            gammaGradient[k] = (float) gammaSums[k];
            betaGradient[k] = (float) betaSums[k];
        }
    }

    void rows(List<float[]> parameters, List<float[]> gradients) {
        parameters.add(gamma);
        gradients.add(gammaGradient);
        parameters.add(beta);
        gradients.add(betaGradient);
    }

    void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        LayerParameters.add(specs, gradients ? gammaGradient : gamma, out);
        LayerParameters.add(specs, gradients ? betaGradient : beta, out);
    }
}
