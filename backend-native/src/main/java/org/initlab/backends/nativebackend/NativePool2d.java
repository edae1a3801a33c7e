package org.initlab.backends.nativebackend;

import java.util.Arrays;

/**
 * Max or average pooling without padding (PyTorch's {@code nn.MaxPool2d} and {@code nn.AvgPool2d}, floor
 * mode) on spatial boundaries. Work is split by (channel, sample) planes. Max pooling's gradient goes to the
 * first largest input in row-major window order, or to the last NaN (PyTorch's CPU rule
 * {@code val > max || isnan(val)}). Average pooling divides the window
 * sum by {@code kernel^2} and spreads {@code dY / kernel^2} back over the window.
 *
 * <p>Max pooling's forward pass takes {@link Math#max} of the window, branch-free (which value wins is a coin
 * flip, and branches measured several times slower); the backward pass finds the winner again from the kept
 * input and output: the first element equal to the maximum, or the last NaN, exactly PyTorch's choice.
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
    private final float divisor;
    /** Whether windows are 2x2 with stride 2, the common case, which has straight-line kernels. */
    private final boolean pairs;

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
        divisor = kernel * kernel;
        pairs = kernel == 2 && stride == 2;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        forwardAfter(null, worker, workers, batch);
    }

    /**
     * @param before an activation layer
     * @return whether it writes this layer's input, so that {@link #forwardAfter} and {@link #backwardThen} can
     *         run the two together, plane by plane
     */
    boolean follows(NativeActivation before) {
        return before.output() == in && before.fusable();
    }

    /**
     * This layer's forward phase, each plane just after the activation {@code before} (or {@code null}) has
     * written it, while it is in the cache: the same values as the two phases one after the other.
     */
    void forwardAfter(NativeActivation before, int worker, int workers, int batch) {
        int items = channels * batch;
        for (int t = Kernels.share(items, worker, workers); t < Kernels.share(items, worker + 1, workers); t++) {
            int c = t / batch;
            int b = t - c * batch;
            if (before != null) {
                before.forwardSpan(c, b * in.plane, (b + 1) * in.plane);
            }
            if (max && pairs) {
                maxPairs(in.values[c], out.values[c], b * in.plane, b * out.plane);
            } else if (max) {
                maxPlane(in.values[c], out.values[c], b * in.plane, b * out.plane);
            } else {
                averagePlane(in.values[c], out.values[c], b * in.plane, b * out.plane);
            }
        }
    }

    private void maxPlane(float[] x, float[] y, int xBase, int yBase) {
        for (int i = 0; i < outHeight; i++) {
            for (int j = 0; j < outWidth; j++) {
                int top = xBase + i * stride * width + j * stride;
                float best = Float.NEGATIVE_INFINITY;
                for (int u = 0; u < kernel; u++) {
                    int rowStart = top + u * width;
                    for (int v = 0; v < kernel; v++) {
                        best = Math.max(best, x[rowStart + v]); // branch-free; NaN wins, as in PyTorch
                    }
                }
                y[yBase + i * outWidth + j] = best;
            }
        }
    }

    /**
     * {@link #maxPlane} for 2x2 windows with stride 2, in straight-line code or, for rows of half a vector or more,
     * {@link VectorPooling}: the same maxima.
     */
    private void maxPairs(float[] x, float[] y, int xBase, int yBase) {
        int i = 0;
        if (outHeight > 1 && Kernels.vectorActive() && VectorPooling.suits(outWidth)) {
            i = outHeight - 1; // the last row in plain code: a vector store would run into the next plane
            VectorPooling.maxPairRows(x, y, xBase, yBase, width, i, outWidth);
        }
        for (; i < outHeight; i++) {
            int top = xBase + 2 * i * width;
            int below = top + width;
            int to = yBase + i * outWidth;
            for (int j = 0; j < outWidth; j++) {
                int at = 2 * j;
                float upper = Math.max(x[top + at], x[top + at + 1]); // as maxPlane: max(-inf, v) is v
                y[to + j] = Math.max(Math.max(upper, x[below + at]), x[below + at + 1]);
            }
        }
    }

    /**
     * The gradient of 2x2, stride-2 max pooling, for one plane: like the general rule (the first element equal
     * to the maximum, else the last NaN), in straight-line code that writes all four elements of each window
     * (the winner's gradient, zeros elsewhere), so that only the rows and columns no window covers (floor mode)
     * need clearing first.
     */
    private void maxPairsBackward(float[] x, float[] y, float[] dx, float[] dy, int xBase, int yBase) {
        if (2 * outHeight * width != in.plane || 2 * outWidth != width) {
            Arrays.fill(dx, xBase, xBase + in.plane, 0f);
        }
        for (int i = 0; i < outHeight; i++) {
            int top = xBase + 2 * i * width;
            int below = top + width;
            int from = yBase + i * outWidth;
            for (int j = 0; j < outWidth; j++) {
                int a = top + 2 * j;
                int c = below + 2 * j;
                float best = y[from + j];
                float g = dy[from + j];
                if (best != best) {
                    dx[a] = 0f;
                    dx[a + 1] = 0f;
                    dx[c] = 0f;
                    dx[c + 1] = 0f;
                    dx[argmax(x, a, best)] = g;
                    continue;
                }
                // masks of the winner (all ones) from the first to the last, no branches
                int bits = Float.floatToRawIntBits(g);
                int m0 = x[a] == best ? -1 : 0;
                int m1 = ~m0 & (x[a + 1] == best ? -1 : 0);
                int m2 = ~(m0 | m1) & (x[c] == best ? -1 : 0);
                int m3 = ~(m0 | m1 | m2);
                dx[a] = Float.intBitsToFloat(bits & m0);
                dx[a + 1] = Float.intBitsToFloat(bits & m1);
                dx[c] = Float.intBitsToFloat(bits & m2);
                dx[c + 1] = Float.intBitsToFloat(bits & m3);
            }
        }
    }

    /**
     * @return the input index PyTorch's CPU kernel takes for a window whose maximum is {@code best}: the first
     *         element equal to it in row-major order, or the last NaN when it is NaN
     */
    private int argmax(float[] x, int top, float best) {
        int at = top;
        if (best != best) {
            for (int u = 0; u < kernel; u++) {
                for (int v = 0; v < kernel; v++) {
                    at = x[top + u * width + v] != x[top + u * width + v] ? top + u * width + v : at;
                }
            }
            return at;
        }
        for (int u = kernel - 1; u >= 0; u--) {
            int rowStart = top + u * width;
            for (int v = kernel - 1; v >= 0; v--) {
                at = x[rowStart + v] == best ? rowStart + v : at; // a conditional move, no branch
            }
        }
        return at;
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
        backwardThen(null, worker, workers, batch);
    }

    /**
     * This layer's backward phase, each plane's input gradient followed at once by the backward pass of the
     * activation {@code before} (or {@code null}) over that plane: the same values as the two phases in turn.
     */
    void backwardThen(NativeActivation before, int worker, int workers, int batch) {
        if (in.gradients == null) {
            return;
        }
        int items = channels * batch;
        for (int t = Kernels.share(items, worker, workers); t < Kernels.share(items, worker + 1, workers); t++) {
            int c = t / batch;
            int b = t - c * batch;
            backwardPlane(c, b);
            if (before != null) {
                before.backwardSpan(c, b * in.plane, (b + 1) * in.plane);
            }
        }
    }

    private void backwardPlane(int c, int b) {
        float[] dx = in.gradients[c];
        float[] dy = out.gradients[c];
        int xBase = b * in.plane;
        int yBase = b * out.plane;
        if (max && pairs) {
            maxPairsBackward(in.values[c], out.values[c], dx, dy, xBase, yBase);
            return;
        }
        Arrays.fill(dx, xBase, xBase + in.plane, 0f);
        if (max) {
            float[] x = in.values[c];
            float[] y = out.values[c];
            for (int i = 0; i < outHeight; i++) {
                for (int j = 0; j < outWidth; j++) {
                    int o = yBase + i * outWidth + j;
                    dx[argmax(x, xBase + i * stride * width + j * stride, y[o])] += dy[o];
                }
            }
            return;
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
