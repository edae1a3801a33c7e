package org.initlab.backends.nativebackend;

/**
 * Global average pooling ({@link org.initlab.core.model.GlobalAvgPool2dLayer}): from a spatial boundary
 * {@code [C][batch * H * W]} to a {@code (C, 1, 1)} one, {@code [C][batch]}, each value the mean of its sample's
 * {@code H * W} plane (summed in double); backward spreads {@code dy / (H * W)} over the plane. Split by
 * channels.
 */
final class NativeGlobalPool implements NativeLayer {
    private final Boundary in;
    private final Boundary out;

    NativeGlobalPool(Boundary in, Boundary out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int plane = in.plane;
        int channels = in.shape.channels();
        for (int c = Kernels.share(channels, worker, workers); c < Kernels.share(channels, worker + 1, workers); c++) {
            float[] x = in.values[c];
            float[] y = out.values[c];
            for (int b = 0; b < batch; b++) {
                double sum = 0;
                for (int p = b * plane; p < (b + 1) * plane; p++) {
                    sum += x[p];
                }
                y[b] = (float) (sum / plane);
            }
        }
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        if (in.gradients == null) {
            return;
        }
        int plane = in.plane;
        int channels = in.shape.channels();
        float scale = 1f / plane;
        for (int c = Kernels.share(channels, worker, workers); c < Kernels.share(channels, worker + 1, workers); c++) {
            float[] dy = out.gradients[c];
            float[] dx = in.gradients[c];
            for (int b = 0; b < batch; b++) {
                float g = dy[b] * scale;
                for (int p = b * plane; p < (b + 1) * plane; p++) {
                    dx[p] = g;
                }
            }
        }
    }
}
