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
    /** The layer before writes this ReLU's output (and not its own); backward then masks by the output. */
    private boolean forwardAbsorbed;
    /** The layer before also takes this ReLU's backward pass: masks its output gradient itself. */
    private boolean backwardAbsorbed;

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

    /**
     * The layer before runs this ReLU's forward pass: it writes {@code max(v, 0)} of its own result {@code v} into
     * this layer's output, so that this layer has no forward phase, and its backward pass masks by the output
     * ({@code max(v, 0) > 0} exactly where {@code v > 0}, NaNs included, so the gradients are the same bits).
     * Only for {@link #fusable} activations.
     *
     * @param backward whether the layer before takes the backward pass too (masking the output gradient as it
     *                 reads it), leaving this layer no phase at all
     */
    void absorb(boolean backward) {
        if (!fusable()) {
            throw new IllegalStateException("only a ReLU on feature maps can run inside the layer before it");
        }
        forwardAbsorbed = true;
        backwardAbsorbed = backward;
    }

    @Override
    public int forwardPhases() {
        return forwardAbsorbed ? 0 : 1;
    }

    @Override
    public int backwardPhases() {
        return backwardAbsorbed ? 0 : 1;
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
        // absorbed: the input was never written; the output gives the ReLU's mask
        ActivationKernels.backward(activation, forwardAbsorbed ? out.values : in.values, out.values, out.gradients,
                in.gradients, Kernels.share(rows, worker, workers), Kernels.share(rows, worker + 1, workers),
                in.rowLength(batch));
    }
}
