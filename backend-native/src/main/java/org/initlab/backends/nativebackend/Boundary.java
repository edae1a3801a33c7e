package org.initlab.backends.nativebackend;

import org.initlab.core.model.FeatureShape;

/**
 * The values (and, where needed, the loss gradients) between two layers of a session, sized for the largest
 * batch. A flat boundary holds one row per sample, {@code [maxBatch][width]}, as dense layers read it. A
 * spatial boundary holds one row per channel with the samples side by side, {@code [C][maxBatch * H * W]}
 * (sample {@code b}'s {@code (y, x)} at {@code b * H * W + y * W + x}): every convolution becomes one product
 * over the whole batch, and per-channel work (pooling, batch normalization) runs over one contiguous row.
 */
final class Boundary {
    final FeatureShape shape;
    final boolean spatial;
    /** Values per sample and channel: {@code H * W} ({@code 1} for a flat boundary). */
    final int plane;
    final float[][] values;
    /** The gradient of the loss with respect to {@link #values}, or {@code null} when nothing needs it. */
    float[][] gradients;

    Boundary(FeatureShape shape, int maxBatch) {
        this.shape = shape;
        this.spatial = shape.spatial();
        this.plane = shape.height() * shape.width();
        this.values = allocate(shape, maxBatch);
    }

    /**
     * A second boundary over another one's values (what a residual block's branch and shortcut read), with no
     * gradients until the caller gives it its own or shares someone else's.
     *
     * @param source the boundary whose value rows this one shares
     */
    Boundary(Boundary source) {
        this.shape = source.shape;
        this.spatial = source.spatial;
        this.plane = source.plane;
        this.values = source.values;
    }

    private static float[][] allocate(FeatureShape shape, int maxBatch) {
        return shape.spatial() ? new float[shape.channels()][maxBatch * shape.height() * shape.width()]
                : new float[maxBatch][shape.size()];
    }

    /** Allocates the gradient rows (once). */
    void needGradients(int maxBatch) {
        if (gradients == null) {
            gradients = allocate(shape, maxBatch);
        }
    }

    /** @return the number of rows in use for a batch: channels (spatial) or samples (flat) */
    int rows(int batch) {
        return spatial ? shape.channels() : batch;
    }

    /** @return the number of values per row in use for a batch */
    int rowLength(int batch) {
        return spatial ? batch * plane : shape.size();
    }

    /**
     * Copies a batch of flat, per-sample {@code (c, y, x)} inputs in.
     *
     * @param inputs row-major {@code [batch][C * H * W]}
     * @param b0     first sample
     * @param b1     end of samples
     */
    void load(float[] inputs, int b0, int b1) {
        int width = shape.size();
        if (!spatial) {
            for (int b = b0; b < b1; b++) {
                System.arraycopy(inputs, b * width, values[b], 0, width);
            }
            return;
        }
        for (int c = 0; c < shape.channels(); c++) {
            float[] row = values[c];
            for (int b = b0; b < b1; b++) {
                System.arraycopy(inputs, b * width + c * plane, row, b * plane, plane);
            }
        }
    }
}
