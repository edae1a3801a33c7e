package org.initlab.backends.nativebackend;

import org.initlab.core.model.Activation;

/**
 * An element-wise activation on a flat boundary (rows of samples) or a spatial one (rows of channels, the
 * batch side by side), split by rows.
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
