package org.initlab.backends.purejava;

import java.util.Arrays;

/**
 * Max or average pooling without padding (PyTorch's {@code nn.MaxPool2d} and {@code nn.AvgPool2d}, floor
 * mode) on spatial boundaries. Work is split by (channel, sample) planes. Max pooling remembers, per output,
 * the index of the input it took: the first largest in row-major window order, or the last NaN (PyTorch's
 * CPU rule {@code val > max || isnan(val)}), and its gradient goes there. Average pooling divides the window
 * sum by {@code kernel^2} and spreads {@code dY / kernel^2} back over the window.
 */
final class NativePool2d implements NativeLayer {
    private final boolean max;
    private final int kernel;
    private final int stride;
    private final Boundary in;
    private final Boundary out;
    private final int channels;
    private final int width;
    private final int outHeight;
    private final int outWidth;
    private final int[][] argmax;
    private final float divisor;

    NativePool2d(boolean max, int kernel, int stride, Boundary in, Boundary out, int maxBatch) {
        this.max = max;
        this.kernel = kernel;
        this.stride = stride;
        this.in = in;
        this.out = out;
        channels = in.shape.channels();
        width = in.shape.width();
        outHeight = out.shape.height();
        outWidth = out.shape.width();
        argmax = max ? new int[channels][maxBatch * out.plane] : null;
        divisor = kernel * kernel;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int items = channels * batch;
        for (int t = Kernels.share(items, worker, workers); t < Kernels.share(items, worker + 1, workers); t++) {
            int c = t / batch;
            int b = t - c * batch;
            if (max) {
                maxPlane(in.values[c], out.values[c], argmax[c], b * in.plane, b * out.plane);
            } else {
                averagePlane(in.values[c], out.values[c], b * in.plane, b * out.plane);
            }
        }
    }

    private void maxPlane(float[] x, float[] y, int[] index, int xBase, int yBase) {
        for (int i = 0; i < outHeight; i++) {
            for (int j = 0; j < outWidth; j++) {
                int top = xBase + i * stride * width + j * stride;
                float best = Float.NEGATIVE_INFINITY;
                int at = top;
                for (int u = 0; u < kernel; u++) {
                    int rowStart = top + u * width;
                    for (int v = 0; v < kernel; v++) {
                        float value = x[rowStart + v];
                        if (value > best || Float.isNaN(value)) {
                            best = value;
                            at = rowStart + v;
                        }
                    }
                }
                y[yBase + i * outWidth + j] = best;
                index[yBase + i * outWidth + j] = at;
            }
        }
    }

    private void averagePlane(float[] x, float[] y, int xBase, int yBase) {
        for (int i = 0; i < outHeight; i++) {
            for (int j = 0; j < outWidth; j++) {
                int top = xBase + i * stride * width + j * stride;
                float sum = 0f;
                for (int u = 0; u < kernel; u++) {
                    int rowStart = top + u * width;
                    for (int v = 0; v < kernel; v++) {
                        sum += x[rowStart + v];
                    }
                }
                y[yBase + i * outWidth + j] = sum / divisor;
            }
        }
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        if (in.gradients == null) {
            return;
        }
        int items = channels * batch;
        for (int t = Kernels.share(items, worker, workers); t < Kernels.share(items, worker + 1, workers); t++) {
            int c = t / batch;
            int b = t - c * batch;
            float[] dx = in.gradients[c];
            float[] dy = out.gradients[c];
            int xBase = b * in.plane;
            int yBase = b * out.plane;
            Arrays.fill(dx, xBase, xBase + in.plane, 0f);
            if (max) {
                int[] index = argmax[c];
                for (int o = yBase; o < yBase + out.plane; o++) {
                    dx[index[o]] += dy[o];
                }
                continue;
            }
            for (int i = 0; i < outHeight; i++) {
                for (int j = 0; j < outWidth; j++) {
                    float share = dy[yBase + i * outWidth + j] / divisor;
                    int top = xBase + i * stride * width + j * stride;
                    for (int u = 0; u < kernel; u++) {
                        int rowStart = top + u * width;
                        for (int v = 0; v < kernel; v++) {
                            dx[rowStart + v] += share;
                        }
                    }
                }
            }
        }
    }
}
