package org.initlab.core.host;

/**
 * Training-mode batch normalization (PyTorch's {@code BatchNorm1d} / {@code BatchNorm2d} in a first training
 * step) and its gradients: per channel, over the batch and the positions, with the biased batch variance.
 * One channel per writer, values summed in a fixed order. Running statistics are not kept: diagnostics look
 * at a freshly initialized network, which normalizes with the statistics of the batch it sees.
 */
final class HostBatchNorm {
    private final Parallel parallel;
    private final int batch;
    private final int channels;
    private final int positions;
    private final double eps;

    /**
     * @param batch     samples
     * @param channels  channels (features of a flat input)
     * @param positions values per channel and sample ({@code H*W}; 1 for a flat input)
     * @param eps       added to the variance
     */
    HostBatchNorm(int batch, int channels, int positions, double eps, Parallel parallel) {
        this.parallel = parallel;
        this.batch = batch;
        this.channels = channels;
        this.positions = positions;
        this.eps = eps;
    }

    /**
     * @param x          the input
     * @param scale      {@code weight}, one per channel
     * @param shift      {@code bias}, one per channel
     * @param normalized receives {@code (x - mean) / sqrt(var + eps)}
     * @param inverseStd receives {@code 1 / sqrt(var + eps)} per channel
     * @return {@code normalized * weight + bias}
     */
    double[] forward(double[] x, float[] scale, float[] shift, double[] normalized, double[] inverseStd) {
        double[] y = new double[x.length];
        double m = (double) batch * positions;
        parallel.rows(channels, (long) batch * positions * 3, c -> {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                int base = (b * channels + c) * positions;
                for (int k = 0; k < positions; k++) {
                    sum += x[base + k];
                }
            }
            double mean = sum / m;
            double squares = 0;
            for (int b = 0; b < batch; b++) {
                int base = (b * channels + c) * positions;
                for (int k = 0; k < positions; k++) {
                    double d = x[base + k] - mean;
                    squares += d * d;
                }
            }
            double inv = 1 / Math.sqrt(squares / m + eps);
            inverseStd[c] = inv;
            for (int b = 0; b < batch; b++) {
                int base = (b * channels + c) * positions;
                for (int k = 0; k < positions; k++) {
                    double n = (x[base + k] - mean) * inv;
                    normalized[base + k] = n;
                    y[base + k] = n * scale[c] + shift[c];
                }
            }
        });
        return y;
    }

    /**
     * @param dy         dL/dy
     * @param normalized the forward pass's normalized input
     * @param inverseStd the forward pass's {@code 1 / sqrt(var + eps)}
     * @param scale      {@code weight}
     * @param dScale     receives dL/dweight
     * @param dShift     receives dL/dbias
     * @return dL/dx (the batch statistics depend on x, so every sample's gradient involves the others)
     */
    double[] backward(double[] dy, double[] normalized, double[] inverseStd, float[] scale, double[] dScale,
                      double[] dShift) {
        double[] dx = new double[dy.length];
        double m = (double) batch * positions;
        parallel.rows(channels, (long) batch * positions * 2, c -> {
            double sumDy = 0;
            double sumDyN = 0;
            for (int b = 0; b < batch; b++) {
                int base = (b * channels + c) * positions;
                for (int k = 0; k < positions; k++) {
                    sumDy += dy[base + k];
                    sumDyN += dy[base + k] * normalized[base + k];
                }
            }
            dScale[c] = sumDyN;
            dShift[c] = sumDy;
            double factor = scale[c] * inverseStd[c] / m;
            for (int b = 0; b < batch; b++) {
                int base = (b * channels + c) * positions;
                for (int k = 0; k < positions; k++) {
                    dx[base + k] = factor * (m * dy[base + k] - sumDy - normalized[base + k] * sumDyN);
                }
            }
        });
        return dx;
    }
}
