package org.initlab.backends.nativebackend;

import org.initlab.core.model.Activation;

/**
 * An element-wise activation on a flat boundary (rows of samples) or a spatial one (rows of channels, the
 * batch side by side), split by rows; or, for a ReLU before a pooling layer, run by that layer plane by plane
 * ({@link NativePool2d#forwardAfter}).
 */
final class NativeActivation implements NativeLayer {
    private final Activation activation;
    private final Boundary in;
    private final Boundary out;

    NativeActivation(Activation activation, Boundary in, Boundary out) {
        this.activation = activation;
        this.in = in;
        this.out = out;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int rows = in.rows(batch);
        ActivationKernels.forward(activation, in.values, out.values, Kernels.share(rows, worker, workers),
                Kernels.share(rows, worker + 1, workers), in.rowLength(batch));
    }

    /** @return the boundary this layer writes */
    Boundary output() {
        return out;
    }

    /** @return whether {@link #forwardSpan} and {@link #backwardSpan} serve this activation: ReLU, spatial */
    boolean fusable() {
        return activation == Activation.RELU && in.spatial;
    }

    /**
     * The forward pass over part of one row, for a layer that runs this one piece by piece ({@link #fusable}).
     *
     * @param row  the row (a channel)
     * @param from first column
     * @param to   end of columns
     */
    void forwardSpan(int row, int from, int to) {
        ActivationKernels.relu(in.values[row], out.values[row], from, to);
    }

    /**
     * The backward pass over part of one row ({@link #fusable}), when the input keeps gradients.
     *
     * @param row  the row (a channel)
     * @param from first column
     * @param to   end of columns
     */
    void backwardSpan(int row, int from, int to) {
        if (in.gradients != null) {
            ActivationKernels.reluBackward(in.values[row], out.gradients[row], in.gradients[row], from, to);
        }
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        if (in.gradients == null) {
            return;
        }
        int rows = in.rows(batch);
        ActivationKernels.backward(activation, in.values, out.values, out.gradients, in.gradients,
                Kernels.share(rows, worker, workers), Kernels.share(rows, worker + 1, workers), in.rowLength(batch));
    }
}
