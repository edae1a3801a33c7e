package org.initlab.core.host;

import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;

/**
 * PyTorch's {@code nn.Conv2d} (square kernel, zero padding, groups) and its gradients in double precision, as
 * direct loops over the kernel taps: for each tap {@code (c, u, v)} the range of output positions that read
 * an input inside the map is computed once, so no padded copy or im2col buffer is allocated. Every output
 * element has one writer and sums its terms in the fixed order {@code (c, u, v)}.
 */
final class ConvolutionKernel {
    private final int channels;
    private final int height;
    private final int width;
    private final int outChannels;
    private final int outHeight;
    private final int outWidth;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int inPerGroup;
    private final int outPerGroup;

    ConvolutionKernel(Conv2dLayer layer, FeatureShape input) {
        FeatureShape output = layer.outputShape(input);
        channels = input.channels();
        height = input.height();
        width = input.width();
        outChannels = output.channels();
        outHeight = output.height();
        outWidth = output.width();
        kernel = layer.kernel();
        stride = layer.stride();
        padding = layer.padding();
        inPerGroup = layer.inChannels() / layer.groups();
        outPerGroup = layer.outChannels() / layer.groups();
    }

    /** @return the first output index {@code i} with {@code 0 <= i*stride + tap - padding} */
    private int first(int tap) {
        return Math.max(0, -Math.floorDiv(tap - padding, stride));
    }

    /** @return the last output index {@code i < outSide} with {@code i*stride + tap - padding < side} */
    private int last(int tap, int side, int outSide) {
        return Math.min(outSide - 1, Math.floorDiv(side - 1 + padding - tap, stride));
    }

    double[] forward(double[] x, int batch, float[] weight, float[] bias) {
        int plane = outHeight * outWidth;
        double[] z = new double[batch * outChannels * plane];
        Parallel.rows(batch * outChannels, (long) inPerGroup * kernel * kernel * plane, r -> {
            int b = r / outChannels;
            int o = r % outChannels;
            int zBase = r * plane;
            for (int k = 0; k < plane; k++) {
                z[zBase + k] = bias[o];
            }
            int group = o / outPerGroup;
            for (int cc = 0; cc < inPerGroup; cc++) {
                int xBase = (b * channels + group * inPerGroup + cc) * height * width;
                int wBase = (o * inPerGroup + cc) * kernel * kernel;
                for (int u = 0; u < kernel; u++) {
                    int iLo = first(u);
                    int iHi = last(u, height, outHeight);
                    for (int v = 0; v < kernel; v++) {
                        double w = weight[wBase + u * kernel + v];
                        int jLo = first(v);
                        int jHi = last(v, width, outWidth);
                        for (int i = iLo; i <= iHi; i++) {
                            int zRow = zBase + i * outWidth;
                            int xRow = xBase + (i * stride + u - padding) * width + v - padding;
                            for (int j = jLo; j <= jHi; j++) {
                                z[zRow + j] += w * x[xRow + j * stride];
                            }
                        }
                    }
                }
            }
        });
        return z;
    }

    /**
     * Fills {@code dWeight [out, in/groups, k, k]} and {@code dBias [out]}, one output channel per writer,
     * summing over samples in order.
     */
    void parameterGradients(double[] dz, double[] x, int batch, double[] dWeight, double[] dBias) {
        int plane = outHeight * outWidth;
        Parallel.rows(outChannels, (long) batch * inPerGroup * kernel * kernel * plane, o -> {
            int group = o / outPerGroup;
            double db = 0;
            for (int b = 0; b < batch; b++) {
                int zBase = (b * outChannels + o) * plane;
                for (int k = 0; k < plane; k++) {
                    db += dz[zBase + k];
                }
                for (int cc = 0; cc < inPerGroup; cc++) {
                    int xBase = (b * channels + group * inPerGroup + cc) * height * width;
                    int wBase = (o * inPerGroup + cc) * kernel * kernel;
                    for (int u = 0; u < kernel; u++) {
                        int iLo = first(u);
                        int iHi = last(u, height, outHeight);
                        for (int v = 0; v < kernel; v++) {
                            int jLo = first(v);
                            int jHi = last(v, width, outWidth);
                            double sum = 0;
                            for (int i = iLo; i <= iHi; i++) {
                                int zRow = zBase + i * outWidth;
                                int xRow = xBase + (i * stride + u - padding) * width + v - padding;
                                for (int j = jLo; j <= jHi; j++) {
                                    sum += dz[zRow + j] * x[xRow + j * stride];
                                }
                            }
                            dWeight[wBase + u * kernel + v] += sum;
                        }
                    }
                }
            }
            dBias[o] = db;
        });
    }

    double[] inputGradient(double[] dz, int batch, float[] weight) {
        int plane = outHeight * outWidth;
        int inPlane = height * width;
        double[] dx = new double[batch * channels * inPlane];
        Parallel.rows(batch, (long) outChannels * inPerGroup * kernel * kernel * plane, b -> {
            for (int o = 0; o < outChannels; o++) {
                int zBase = (b * outChannels + o) * plane;
                int group = o / outPerGroup;
                for (int cc = 0; cc < inPerGroup; cc++) {
                    int xBase = (b * channels + group * inPerGroup + cc) * inPlane;
                    int wBase = (o * inPerGroup + cc) * kernel * kernel;
                    for (int u = 0; u < kernel; u++) {
                        int iLo = first(u);
                        int iHi = last(u, height, outHeight);
                        for (int v = 0; v < kernel; v++) {
                            double w = weight[wBase + u * kernel + v];
                            int jLo = first(v);
                            int jHi = last(v, width, outWidth);
                            for (int i = iLo; i <= iHi; i++) {
                                int zRow = zBase + i * outWidth;
                                int xRow = xBase + (i * stride + u - padding) * width + v - padding;
                                for (int j = jLo; j <= jHi; j++) {
                                    dx[xRow + j * stride] += w * dz[zRow + j];
                                }
                            }
                        }
                    }
                }
            }
        });
        return dx;
    }
}
