package org.initlab.core.host;

import java.util.Arrays;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;

/**
 * PyTorch's {@code nn.Conv2d} (square kernel, zero padding, groups) and its gradients in double precision,
 * through im2col: one sample's input is unfolded into a {@code [C*k*k, OH*OW]} patch matrix (zeros where a
 * tap falls on padding), so that the convolution, its weight gradient and its input gradient become long
 * contiguous loops over output positions.
 *
 * <p>Determinism: the forward and the input gradient have one writer per sample. The weight gradient sums
 * per fixed chunk of {@value #CHUNK} samples (one writer per chunk) and then adds the chunks in order, so the
 * result does not depend on the number of threads.
 */
final class HostConvolution {
    private static final int CHUNK = 8;

    private final Parallel parallel;
    private final int channels;
    private final int height;
    private final int width;
    private final int outChannels;
    private final int outHeight;
    private final int outWidth;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outPerGroup;
    /** Patch rows per group: {@code in/groups * k * k}, the length of one filter. */
    private final int rowsPerGroup;
    private final int rows;
    private final int positions;

    HostConvolution(Conv2dLayer layer, FeatureShape input, Parallel parallel) {
        this.parallel = parallel;
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
        outPerGroup = layer.outChannels() / layer.groups();
        rowsPerGroup = layer.inChannels() / layer.groups() * kernel * kernel;
        rows = channels * kernel * kernel;
        positions = outHeight * outWidth;
    }

    /** @return the first output index {@code i} with {@code 0 <= i*stride + tap - padding} */
    private int first(int tap) {
        return Math.max(0, -Math.floorDiv(tap - padding, stride));
    }

    /** @return the last output index {@code i < outSide} with {@code i*stride + tap - padding < side} */
    private int last(int tap, int side, int outSide) {
        return Math.min(outSide - 1, Math.floorDiv(side - 1 + padding - tap, stride));
    }

    /** Fills {@code cols [C*k*k, OH*OW]} with sample {@code b}'s patches (every element is written). */
    private void unfold(double[] x, int b, double[] cols) {
        Arrays.fill(cols, 0);
        for (int c = 0; c < channels; c++) {
            int xBase = (b * channels + c) * height * width;
            for (int u = 0; u < kernel; u++) {
                int iLo = first(u);
                int iHi = last(u, height, outHeight);
                for (int v = 0; v < kernel; v++) {
                    int row = ((c * kernel + u) * kernel + v) * positions;
                    int jLo = first(v);
                    int jHi = last(v, width, outWidth);
                    for (int i = iLo; i <= iHi; i++) {
                        int xRow = xBase + (i * stride + u - padding) * width + v - padding;
                        int col = row + i * outWidth;
                        for (int j = jLo; j <= jHi; j++) {
                            cols[col + j] = x[xRow + j * stride];
                        }
                    }
                }
            }
        }
    }

    /** Adds {@code dcols [C*k*k, OH*OW]} back onto sample {@code b}'s input gradient. */
    private void fold(double[] dcols, int b, double[] dx) {
        for (int c = 0; c < channels; c++) {
            int xBase = (b * channels + c) * height * width;
            for (int u = 0; u < kernel; u++) {
                int iLo = first(u);
                int iHi = last(u, height, outHeight);
                for (int v = 0; v < kernel; v++) {
                    int row = ((c * kernel + u) * kernel + v) * positions;
                    int jLo = first(v);
                    int jHi = last(v, width, outWidth);
                    for (int i = iLo; i <= iHi; i++) {
                        int xRow = xBase + (i * stride + u - padding) * width + v - padding;
                        int col = row + i * outWidth;
                        for (int j = jLo; j <= jHi; j++) {
                            dx[xRow + j * stride] += dcols[col + j];
                        }
                    }
                }
            }
        }
    }

    double[] forward(double[] x, int batch, float[] weight, float[] bias) {
        double[] z = new double[batch * outChannels * positions];
        parallel.rows(batch, (long) outChannels * rowsPerGroup * positions, b -> {
            double[] cols = new double[rows * positions];
            unfold(x, b, cols);
            for (int o = 0; o < outChannels; o++) {
                int zBase = (b * outChannels + o) * positions;
                int colBase = o / outPerGroup * rowsPerGroup * positions;
                for (int p = 0; p < positions; p++) {
                    z[zBase + p] = bias[o];
                }
                for (int r = 0; r < rowsPerGroup; r++) {
                    double w = weight[o * rowsPerGroup + r];
                    int col = colBase + r * positions;
                    for (int p = 0; p < positions; p++) {
                        z[zBase + p] += w * cols[col + p];
                    }
                }
            }
        });
        return z;
    }

    /** Fills {@code dWeight [out, in/groups, k, k]} and {@code dBias [out]}. */
    void parameterGradients(double[] dz, double[] x, int batch, double[] dWeight, double[] dBias) {
        int chunks = (batch + CHUNK - 1) / CHUNK;
        int weights = outChannels * rowsPerGroup;
        double[][] partial = new double[chunks][];
        parallel.rows(chunks, (long) CHUNK * weights * positions, chunk -> {
            double[] sums = new double[weights + outChannels];
            double[] cols = new double[rows * positions];
            double[] transposed = new double[rows * positions];
            for (int b = chunk * CHUNK; b < Math.min(batch, (chunk + 1) * CHUNK); b++) {
                unfold(x, b, cols);
                for (int r = 0; r < rows; r++) {
                    for (int p = 0; p < positions; p++) {
                        transposed[p * rows + r] = cols[r * positions + p];
                    }
                }
                for (int o = 0; o < outChannels; o++) {
                    int zBase = (b * outChannels + o) * positions;
                    int colBase = o / outPerGroup * rowsPerGroup;
                    int w = o * rowsPerGroup;
                    for (int p = 0; p < positions; p++) {
                        double d = dz[zBase + p];
                        sums[weights + o] += d;
                        int t = p * rows + colBase;
                        for (int r = 0; r < rowsPerGroup; r++) {
                            sums[w + r] += d * transposed[t + r];
                        }
                    }
                }
            }
            partial[chunk] = sums;
        });
        for (double[] sums : partial) {
            for (int k = 0; k < weights; k++) {
                dWeight[k] += sums[k];
            }
            for (int o = 0; o < outChannels; o++) {
                dBias[o] += sums[weights + o];
            }
        }
    }

    double[] inputGradient(double[] dz, int batch, float[] weight) {
        double[] dx = new double[batch * channels * height * width];
        parallel.rows(batch, (long) outChannels * rowsPerGroup * positions, b -> {
            double[] dcols = new double[rows * positions];
            for (int o = 0; o < outChannels; o++) {
                int zBase = (b * outChannels + o) * positions;
                int colBase = o / outPerGroup * rowsPerGroup * positions;
                for (int r = 0; r < rowsPerGroup; r++) {
                    double w = weight[o * rowsPerGroup + r];
                    int col = colBase + r * positions;
                    for (int p = 0; p < positions; p++) {
                        dcols[col + p] += w * dz[zBase + p];
                    }
                }
            }
            fold(dcols, b, dx);
        });
        return dx;
    }
}
