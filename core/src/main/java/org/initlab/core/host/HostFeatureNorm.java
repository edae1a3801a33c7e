package org.initlab.core.host;

/**
 * Per-sample normalization over all of a sample's features and its gradients: layer normalization
 * ({@code (x - mean) / sqrt(var + eps) * weight + bias}, biased variance) and RMS normalization
 * ({@code x / sqrt(mean(x^2) + eps) * weight}). One sample per writer in the forward pass and for the input
 * gradient, one feature per writer for the parameter gradients (summed over the batch in a fixed order).
 */
final class HostFeatureNorm {
    private final Parallel parallel;
    private final int batch;
    private final int features;
    private final double eps;
    private final boolean centred;

    /**
     * @param batch    samples
     * @param features values per sample
     * @param eps      added to the variance (mean square)
     * @param centred  true for layer normalization, false for RMS normalization
     */
    HostFeatureNorm(int batch, int features, double eps, boolean centred, Parallel parallel) {
        this.parallel = parallel;
        this.batch = batch;
        this.features = features;
        this.eps = eps;
        this.centred = centred;
    }

    /**
     * @param x          the input {@code [batch, features]}
     * @param scale      {@code weight}, one per feature
     * @param shift      {@code bias}, one per feature; null for RMS normalization
     * @param normalized receives the normalized input
     * @param inverseStd receives {@code 1 / sqrt(var + eps)} (or {@code 1 / rms}) per sample
     * @return {@code normalized * weight (+ bias)}
     */
    double[] forward(double[] x, float[] scale, float[] shift, double[] normalized, double[] inverseStd) {
        double[] y = new double[x.length];
        parallel.rows(batch, features * 4L, b -> {
            int base = b * features;
            double mean = 0;
            if (centred) {
                for (int k = 0; k < features; k++) {
                    mean += x[base + k];
                }
                mean /= features;
            }
            double squares = 0;
            for (int k = 0; k < features; k++) {
                double d = x[base + k] - mean;
                squares += d * d;
            }
            double inv = 1 / Math.sqrt(squares / features + eps);
            inverseStd[b] = inv;
            for (int k = 0; k < features; k++) {
                double n = (x[base + k] - mean) * inv;
                normalized[base + k] = n;
                y[base + k] = n * scale[k] + (shift == null ? 0 : shift[k]);
            }
        });
        return y;
    }

    /**
     * @param dy         dL/dy
     * @param normalized the forward pass's normalized input
     * @param inverseStd the forward pass's inverse standard deviation (root mean square) per sample
     * @param scale      {@code weight}
     * @param dScale     receives dL/dweight
     * @param dShift     receives dL/dbias; null for RMS normalization
     * @return dL/dx
     */
    double[] backward(double[] dy, double[] normalized, double[] inverseStd, float[] scale, double[] dScale,
                      double[] dShift) {
        parallel.rows(features, batch * 2L, k -> {
            double sumDyN = 0;
            double sumDy = 0;
            for (int b = 0; b < batch; b++) {
                sumDyN += dy[b * features + k] * normalized[b * features + k];
                sumDy += dy[b * features + k];
            }
            dScale[k] = sumDyN;
            if (dShift != null) {
                dShift[k] = sumDy;
            }
        });
        double[] dx = new double[dy.length];
        parallel.rows(batch, features * 4L, b -> {
            int base = b * features;
            double sumG = 0;
            double sumGN = 0;
            for (int k = 0; k < features; k++) {
                double g = dy[base + k] * scale[k];
                sumG += g;
                sumGN += g * normalized[base + k];
            }
            double meanG = centred ? sumG / features : 0;
            double meanGN = sumGN / features;
            double inv = inverseStd[b];
            for (int k = 0; k < features; k++) {
                double g = dy[base + k] * scale[k];
                dx[base + k] = inv * (g - meanG - normalized[base + k] * meanGN);
            }
        });
        return dx;
    }
}
