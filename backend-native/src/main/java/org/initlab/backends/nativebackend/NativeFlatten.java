package org.initlab.backends.nativebackend;

/**
 * Flatten: from a spatial boundary ({@code [C][batch * H * W]}) to per-sample rows {@code [batch][C * H * W]}
 * in PyTorch's {@code (c, y, x)} order, and back for the gradient; a copy on a flat input. Split by samples.
 */
final class NativeFlatten implements NativeLayer {
    private final Boundary in;
    private final Boundary out;

    NativeFlatten(Boundary in, Boundary out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int plane = in.plane;
        int size = in.shape.size();
        for (int b = Kernels.share(batch, worker, workers); b < Kernels.share(batch, worker + 1, workers); b++) {
            float[] row = out.values[b];
            if (!in.spatial) {
                System.arraycopy(in.values[b], 0, row, 0, size);
                continue;
            }
            for (int c = 0; c < in.shape.channels(); c++) {
                System.arraycopy(in.values[c], b * plane, row, c * plane, plane);
            }
        }
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        if (in.gradients == null) {
            return;
        }
        int plane = in.plane;
        int size = in.shape.size();
        for (int b = Kernels.share(batch, worker, workers); b < Kernels.share(batch, worker + 1, workers); b++) {
            float[] row = out.gradients[b];
            if (!in.spatial) {
                System.arraycopy(row, 0, in.gradients[b], 0, size);
                continue;
            }
            for (int c = 0; c < in.shape.channels(); c++) {
                System.arraycopy(row, c * plane, in.gradients[c], b * plane, plane);
            }
        }
    }
}
