package org.initlab.core.host;

import org.initlab.core.model.FeatureShape;

/**
 * Max and average pooling without padding (floor mode) and their gradients, one {@code (sample, channel)}
 * plane per writer. Max pooling routes the gradient to the first largest input of each window in row-major
 * order (a NaN counts as the largest), as PyTorch's CPU kernel does.
 */
final class HostPooling {
    private final Parallel parallel;
    private final int height;
    private final int width;
    private final int outHeight;
    private final int outWidth;
    private final int kernel;
    private final int stride;
    private final int planes;

    HostPooling(FeatureShape input, FeatureShape output, int kernel, int stride, int batch, Parallel parallel) {
        this.parallel = parallel;
        this.height = input.height();
        this.width = input.width();
        this.outHeight = output.height();
        this.outWidth = output.width();
        this.kernel = kernel;
        this.stride = stride;
        this.planes = batch * input.channels();
    }

    /**
     * @param x      the input
     * @param argmax receives, per output, the index in {@code x} of the input it took
     * @return the output
     */
    double[] max(double[] x, int[] argmax) {
        double[] y = new double[planes * outHeight * outWidth];
        parallel.rows(planes, (long) outHeight * outWidth * kernel * kernel, p -> {
            int xBase = p * height * width;
            int yBase = p * outHeight * outWidth;
            for (int i = 0; i < outHeight; i++) {
                for (int j = 0; j < outWidth; j++) {
                    int best = xBase + i * stride * width + j * stride;
                    for (int u = 0; u < kernel; u++) {
                        int row = xBase + (i * stride + u) * width + j * stride;
                        for (int v = 0; v < kernel; v++) {
                            double value = x[row + v];
                            if (value > x[best] || Double.isNaN(value) && !Double.isNaN(x[best])) {
                                best = row + v;
                            }
                        }
                    }
                    argmax[yBase + i * outWidth + j] = best;
                    y[yBase + i * outWidth + j] = x[best];
                }
            }
        });
        return y;
    }

    double[] maxGradient(double[] dy, int[] argmax) {
        double[] dx = new double[planes * height * width];
        int plane = outHeight * outWidth;
        parallel.rows(planes, plane, p -> {
            for (int k = p * plane; k < (p + 1) * plane; k++) {
                dx[argmax[k]] += dy[k];
            }
        });
        return dx;
    }

    double[] average(double[] x) {
        double[] y = new double[planes * outHeight * outWidth];
        double area = kernel * kernel;
        parallel.rows(planes, (long) outHeight * outWidth * kernel * kernel, p -> {
            int xBase = p * height * width;
            int yBase = p * outHeight * outWidth;
            for (int i = 0; i < outHeight; i++) {
                for (int j = 0; j < outWidth; j++) {
                    double sum = 0;
                    for (int u = 0; u < kernel; u++) {
                        int row = xBase + (i * stride + u) * width + j * stride;
                        for (int v = 0; v < kernel; v++) {
                            sum += x[row + v];
                        }
                    }
                    y[yBase + i * outWidth + j] = sum / area;
                }
            }
        });
        return y;
    }

    double[] averageGradient(double[] dy) {
        double[] dx = new double[planes * height * width];
        double area = kernel * kernel;
        parallel.rows(planes, (long) outHeight * outWidth * kernel * kernel, p -> {
            int xBase = p * height * width;
            int yBase = p * outHeight * outWidth;
            for (int i = 0; i < outHeight; i++) {
                for (int j = 0; j < outWidth; j++) {
                    double share = dy[yBase + i * outWidth + j] / area;
                    for (int u = 0; u < kernel; u++) {
                        int row = xBase + (i * stride + u) * width + j * stride;
                        for (int v = 0; v < kernel; v++) {
                            dx[row + v] += share;
                        }
                    }
                }
            }
        });
        return dx;
    }
}
