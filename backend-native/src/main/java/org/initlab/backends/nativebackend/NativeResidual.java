package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Layer;
import org.initlab.core.model.ResidualBlock;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;

/**
 * A residual block ({@link ResidualBlock}), {@code y = post(s(x) + F(x))}, as a composite of the other native
 * layers: the branch {@code F} and a projection shortcut {@code s} are chains of {@link NativeLayer}s under
 * {@code <path>.branch.<j>} and {@code <path>.shortcut.<j>} with boundaries of their own, whose first boundary
 * shares the block input's values. The block's phases are its parts' phases in order.
 *
 * <p>Forward: the branch, the shortcut, the sum (split by elements), the post-activation when there is one.
 * Backward: the post-activation into the sum's gradient, which the branch's and the shortcut's last boundaries
 * share as their output gradient (no copy); the branch and the shortcut backwards; then the input gradient is
 * the sum of the paths: the branch's input gradient plus the sum's gradient (identity shortcut) or plus the
 * projection's input gradient, which the projection writes straight into the block's input gradient.
 */
final class NativeResidual implements NativeLayer {
    private final NativeLayer[] parts;
    private final NativeLayer[] forwardOrder;
    private final NativeLayer[] backwardOrder;

    NativeResidual(ResidualBlock block, String path, Boundary in, Boundary out, ParameterSet initial, long seed,
                   int maxBatch) {
        for (ParameterSpec spec : block.parameters(path, Nonlinearity.LINEAR)) {
            LayerParameters.values(initial, spec.path(), spec.elementCount());
        }
        Boundary sum = out;
        if (block.postActivation().isPresent()) {
            sum = new Boundary(out.shape, maxBatch);
            if (out.gradients != null) {
                sum.needGradients(maxBatch);
            }
        }
        Boundary branchIn = new Boundary(in);
        if (in.gradients != null) {
            branchIn.needGradients(maxBatch);
        }
        Boundary[] branchBoundaries = boundaries(block.branchShapes(in.shape), branchIn, sum, maxBatch);
        NativeLayer[] branch = layers(block.branch(), branchBoundaries, path + ".branch.", initial, seed, maxBatch);
        boolean identity = block.shortcut().isEmpty();
        Boundary shortcutOut = in;
        NativeLayer[] shortcut = new NativeLayer[0];
        if (!identity) {
            Boundary shortcutIn = new Boundary(in);
            shortcutIn.gradients = in.gradients; // the projection writes the input gradient first, the junction adds
            Boundary[] shortcutBoundaries = boundaries(block.shortcutShapes(in.shape), shortcutIn, sum, maxBatch);
            shortcut = layers(block.shortcut(), shortcutBoundaries, path + ".shortcut.", initial, seed, maxBatch);
            shortcutOut = shortcutBoundaries[shortcutBoundaries.length - 1];
        }
        Junction junction = new Junction(in, branchIn, branchBoundaries[branchBoundaries.length - 1], shortcutOut, sum,
                identity);
        NativeActivation post = block.postActivation().isPresent()
                ? new NativeActivation(block.postActivation().get(), sum, out) : null;
        if (post != null && NativeFusion.enabled() && post.fusable()) {
            junction.runRelu(post);
        }
        NativeFusion.fuse(branch, false);
        parts = new NativeLayer[branch.length + shortcut.length];
        System.arraycopy(branch, 0, parts, 0, branch.length);
        System.arraycopy(shortcut, 0, parts, branch.length, shortcut.length);
        int extra = post == null ? 1 : 2;
        forwardOrder = new NativeLayer[parts.length + extra];
        System.arraycopy(parts, 0, forwardOrder, 0, parts.length);
        forwardOrder[parts.length] = junction;
        backwardOrder = new NativeLayer[parts.length + extra];
        int at = 0;
        if (post != null) {
            forwardOrder[parts.length + 1] = post;
            backwardOrder[at++] = post;
        }
        for (int j = branch.length - 1; j >= 0; j--) {
            backwardOrder[at++] = branch[j];
        }
        for (int j = shortcut.length - 1; j >= 0; j--) {
            backwardOrder[at++] = shortcut[j];
        }
        backwardOrder[at] = junction;
    }

    /**
     * @return the boundaries of a chain: {@code first} (sharing the block input's values), inner ones with values
     *         and gradients of their own, and a last one with values of its own that shares the sum's gradient
     */
    private static Boundary[] boundaries(List<FeatureShape> shapes, Boundary first, Boundary sum, int maxBatch) {
        Boundary[] chain = new Boundary[shapes.size()];
        chain[0] = first;
        for (int j = 1; j < chain.length; j++) {
            chain[j] = new Boundary(shapes.get(j), maxBatch);
            if (j < chain.length - 1) {
                chain[j].needGradients(maxBatch);
            } else {
                chain[j].gradients = sum.gradients;
            }
        }
        return chain;
    }

    private static NativeLayer[] layers(List<Layer> layers, Boundary[] boundaries, String prefix,
                                        ParameterSet initial, long seed, int maxBatch) {
        NativeLayer[] chain = new NativeLayer[layers.size()];
        for (int j = 0; j < chain.length; j++) {
            chain[j] = NativeLayers.create(layers.get(j), prefix + j, boundaries[j], boundaries[j + 1], initial, seed,
                    maxBatch);
        }
        return chain;
    }

    @Override
    public void beforeForward(int batch, Mode mode) {
        for (NativeLayer part : parts) {
            part.beforeForward(batch, mode);
        }
    }

    @Override
    public int forwardPhases() {
        int phases = 0;
        for (NativeLayer part : forwardOrder) {
            phases += part.forwardPhases();
        }
        return phases;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int p = phase;
        for (NativeLayer part : forwardOrder) {
            int phases = part.forwardPhases();
            if (p < phases) {
                part.forward(p, worker, workers, batch, training);
                return;
            }
            p -= phases;
        }
    }

    @Override
    public int backwardPhases() {
        int phases = 0;
        for (NativeLayer part : backwardOrder) {
            phases += part.backwardPhases();
        }
        return phases;
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        int p = phase;
        for (NativeLayer part : backwardOrder) {
            int phases = part.backwardPhases();
            if (p < phases) {
                part.backward(p, worker, workers, batch);
                return;
            }
            p -= phases;
        }
    }

    @Override
    public void refresh(int worker, int workers) {
        for (NativeLayer part : parts) {
            part.refresh(worker, workers);
        }
    }

    @Override
    public void rows(List<float[]> parameters, List<float[]> gradients) {
        for (NativeLayer part : parts) {
            part.rows(parameters, gradients);
        }
    }

    @Override
    public void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        for (NativeLayer part : parts) {
            part.export(specs, gradients, out);
        }
    }

    /**
     * Where the paths meet. Forward: {@code sum = branch output + shortcut output}. Backward (after both paths):
     * the block input's gradient {@code = branch input gradient + (sum gradient | projection input gradient)},
     * the projection's already in place. Both split by elements, which are independent.
     */
    private static final class Junction implements NativeLayer {
        private final Boundary in;
        private final Boundary branchIn;
        private final Boundary branchOut;
        private final Boundary shortcutOut;
        private final Boundary sum;
        private final boolean identity;
        /** The block's post-activation output when this junction runs the ReLU ({@link #runRelu}), else null. */
        private Boundary relu;

        Junction(Boundary in, Boundary branchIn, Boundary branchOut, Boundary shortcutOut, Boundary sum,
                 boolean identity) {
            this.in = in;
            this.branchIn = branchIn;
            this.branchOut = branchOut;
            this.shortcutOut = shortcutOut;
            this.sum = sum;
            this.identity = identity;
        }

        /** Writes {@code max(sum, 0)} straight into the post-activation's output, which then masks by it. */
        void runRelu(NativeActivation post) {
            post.absorb(false);
            relu = post.output();
        }

        @Override
        public void forward(int phase, int worker, int workers, int batch, boolean training) {
            add(relu != null ? relu.values : sum.values, branchOut.values, shortcutOut.values, sum, batch, worker,
                    workers, relu != null);
        }

        @Override
        public void backward(int phase, int worker, int workers, int batch) {
            if (in.gradients != null) {
                add(in.gradients, branchIn.gradients, identity ? sum.gradients : in.gradients, in, batch, worker,
                        workers, false);
            }
        }

        /**
         * {@code target = a + b}, or {@code max(a + b, 0)} with {@code relu}, over this worker's share of the
         * elements of a batch on {@code shape}.
         */
        private static void add(float[][] target, float[][] a, float[][] b, Boundary shape, int batch, int worker,
                                int workers, boolean relu) {
            int length = shape.rowLength(batch);
            long total = (long) shape.rows(batch) * length;
            long e = total * worker / workers;
            long end = total * (worker + 1) / workers;
            while (e < end) {
                int r = (int) (e / length);
                int k0 = (int) (e - (long) r * length);
                int k1 = (int) Math.min(length, end - (long) r * length);
                float[] t = target[r];
                float[] x = a[r];
                float[] y = b[r];
                if (!relu) {
                    for (int k = k0; k < k1; k++) {
                        t[k] = x[k] + y[k];
                    }
                } else if (Kernels.vectorActive()) {
                    VectorRelu.sumForward(x, y, t, k0, k1);
                } else {
                    for (int k = k0; k < k1; k++) {
                        t[k] = Math.max(x[k] + y[k], 0f);
                    }
                }
                e += k1 - k0;
            }
        }
    }
}
