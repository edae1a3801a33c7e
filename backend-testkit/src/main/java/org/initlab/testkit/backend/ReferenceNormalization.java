package org.initlab.testkit.backend;

import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.FeatureShape;

/**
 * Batch normalization and dropout for the {@link ReferenceNetwork}, in double precision and straight from the
 * definitions in {@link BatchNormLayer} and {@link org.initlab.core.model.DropoutLayer}. A flat input
 * {@code (n, 1, 1)} is BatchNorm1d (each feature over the batch); a map is BatchNorm2d (each channel over the
 * batch and all positions): in both cases channel {@code c} of sample {@code b} covers the {@code H * W}
 * values from {@code (b * C + c) * H * W}.
 */
final class ReferenceNormalization {
    private ReferenceNormalization() {
    }

    /**
     * What a training-mode batch normalization remembers for its backward pass and for the running statistics.
     *
     * @param mean      the batch mean per channel
     * @param variance  the biased batch variance per channel
     * @param count     values per channel in the batch ({@code m = batch * H * W})
     * @param normalized {@code (x - mean) / sqrt(variance + eps)} for every input
     */
    record BatchStatistics(double[] mean, double[] variance, int count, double[] normalized) {
    }

    /** @return the batch statistics of {@code x}, with every value normalized by them */
    static BatchStatistics statistics(double[] x, int batch, FeatureShape shape, BatchNormLayer bn) {
        int channels = shape.channels();
        int area = shape.height() * shape.width();
        int count = batch * area;
        double[] mean = new double[channels];
        double[] variance = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < area; p++) {
                    sum += x[(b * channels + c) * area + p];
                }
            }
            mean[c] = sum / count;
            double squares = 0;
            for (int b = 0; b < batch; b++) {
                for (int p = 0; p < area; p++) {
                    double d = x[(b * channels + c) * area + p] - mean[c];
                    squares += d * d;
                }
            }
            variance[c] = squares / count;
        }
        double[] normalized = normalize(x, batch, shape, mean, variance, bn.eps());
        return new BatchStatistics(mean, variance, count, normalized);
    }

    /** @return {@code (x - mean[c]) / sqrt(variance[c] + eps)} for every value of channel {@code c} */
    static double[] normalize(double[] x, int batch, FeatureShape shape, double[] mean, double[] variance,
                              double eps) {
        int channels = shape.channels();
        int area = shape.height() * shape.width();
        double[] normalized = new double[x.length];
        for (int k = 0; k < batch * channels * area; k++) {
            int c = k / area % channels;
            normalized[k] = (x[k] - mean[c]) / Math.sqrt(variance[c] + eps);
        }
        return normalized;
    }

    /** @return {@code normalized * weight[c] + bias[c]} */
    static double[] scaleAndShift(double[] normalized, FeatureShape shape, double[] weight, double[] bias) {
        int area = shape.height() * shape.width();
        double[] y = new double[normalized.length];
        for (int k = 0; k < y.length; k++) {
            int c = k / area % shape.channels();
            y[k] = normalized[k] * weight[c] + bias[c];
        }
        return y;
    }

    /**
     * Backpropagates through a training-mode batch normalization, where the mean and variance depend on every
     * input: with {@code g = dy * weight}, {@code dx = (g - mean(g) - xhat * mean(g * xhat)) / sqrt(var + eps)}
     * over each channel's {@code m} values. Accumulates the weight and bias gradients.
     */
    static double[] backward(double[] dy, int batch, FeatureShape shape, BatchNormLayer bn, BatchStatistics stats,
                             double[] weight, double[] gw, double[] gb) {
        int channels = shape.channels();
        int area = shape.height() * shape.width();
        double[] xhat = stats.normalized();
        double[] meanG = new double[channels];
        double[] meanGx = new double[channels];
        for (int k = 0; k < dy.length; k++) {
            int c = k / area % channels;
            gw[c] += dy[k] * xhat[k];
            gb[c] += dy[k];
            double g = dy[k] * weight[c];
            meanG[c] += g / stats.count();
            meanGx[c] += g * xhat[k] / stats.count();
        }
        double[] dx = new double[dy.length];
        for (int k = 0; k < dy.length; k++) {
            int c = k / area % channels;
            double g = dy[k] * weight[c];
            dx[k] = (g - meanG[c] - xhat[k] * meanGx[c]) / Math.sqrt(stats.variance()[c] + bn.eps());
        }
        return dx;
    }

    /**
     * PyTorch's running statistics update: {@code running = (1 - momentum) running + momentum stat}, with the
     * unbiased variance {@code var * m / (m - 1)} (with {@code m = 1} PyTorch refuses to train; here the
     * variance is then taken as is).
     */
    static void updateRunning(BatchNormLayer bn, BatchStatistics stats, double[] runningMean,
                              double[] runningVariance) {
        int m = stats.count();
        double correction = m > 1 ? (double) m / (m - 1) : 1;
        for (int c = 0; c < runningMean.length; c++) {
            runningMean[c] = (1 - bn.momentum()) * runningMean[c] + bn.momentum() * stats.mean()[c];
            runningVariance[c] = (1 - bn.momentum()) * runningVariance[c]
                    + bn.momentum() * stats.variance()[c] * correction;
        }
    }

    /** @return inverted-dropout scales: {@code 1 / (1 - p)} where a value is kept, 0 where it is dropped */
    static double[] dropoutScales(boolean[] kept, double probability, int length) {
        if (kept.length < length) {
            throw new IllegalArgumentException("dropout needs " + length + " mask values, got " + kept.length);
        }
        double[] scales = new double[length];
        for (int k = 0; k < length; k++) {
            scales[k] = kept[k] ? 1 / (1 - probability) : 0;
        }
        return scales;
    }

    /** @return {@code x * scales}, element-wise (the forward and the backward pass of dropout alike) */
    static double[] multiply(double[] x, double[] scales) {
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = x[k] * scales[k];
        }
        return y;
    }
}
