package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.spi.ParameterSpec;

/**
 * A convolution ({@link Conv2dLayer}, PyTorch's {@code nn.Conv2d}) as one matrix product over the whole
 * batch: with the patch matrix {@code col} ({@link Im2col}, {@code [C_in k k][batch OH OW]}), each group
 * {@code g} computes {@code Y_g = W_g col_g + b} (rows: its output channels; weight rows
 * {@code [C_out][C_in / groups * k * k]}, PyTorch's layout flattened), the weight gradient
 * {@code dW_g = dY_g col_g^T} (dot products over batch times positions) and the input gradient by
 * scattering {@code W_g^T dY_g} back through the patch map.
 *
 * <p>Forward: one phase, each worker builds the patch columns of its samples and multiplies them. Backward:
 * phase 0 splits the weight and bias gradients by output channel; phase 1 (only when the input needs a
 * gradient) splits by samples again, reusing {@code col} for the patch gradients. The transposed weights
 * {@code [C_in k k][C_out / groups]} used by phase 1 are refreshed after every update. Both sample passes go
 * in chunks of a few samples, so that the patch columns a chunk writes are read back from the L2 cache
 * rather than memory; an element's arithmetic is the same whatever the chunk.
 */
final class NativeConv2d implements NativeLayer {
    /** Patch values per chunk of samples: 256 KiB, well inside a core's L2 cache. */
    private static final int CHUNK_FLOATS = 1 << 16;
    /** Patch columns per chunk at least: a product's columns past its last whole tile are slower. */
    private static final int CHUNK_COLUMNS = 1024;
    private final Boundary in;
    private final Boundary out;
    private final Im2col patches;
    private final int groups;
    private final int groupOutputs;
    private final int groupDepth;
    private final int positions;
    private final FilterParameters filters;
    private final float[][] weightsT;
    private final float[][] col;
    /** Samples per chunk: the patch columns of a chunk are built and used while they are still in the cache. */
    private final int chunk;
    /** Lane sums of the weight gradient's long dot products between chunks of terms. */
    private final float[] partials;

    NativeConv2d(Conv2dLayer layer, int index, Boundary in, Boundary out, ParameterSet initial, int maxBatch) {
        this.in = in;
        this.out = out;
        patches = new Im2col(layer.inChannels(), in.shape.height(), in.shape.width(), layer.kernel(),
                layer.stride(), layer.padding(), out.shape.height(), out.shape.width());
        groups = layer.groups();
        groupOutputs = layer.outChannels() / groups;
        groupDepth = layer.inChannels() / groups * layer.kernel() * layer.kernel();
        positions = out.plane;
        int outputs = layer.outChannels();
        filters = FilterParameters.read(initial, index, outputs, groupDepth);
        int depth = groups * groupDepth;
        col = new float[depth][maxBatch * positions];
        // at least CHUNK_COLUMNS columns, so that the columns past the last whole tile are few
        partials = new float[DotKernels.partialsLength(outputs, groupDepth)];
        chunk = Math.max(Math.max(1, CHUNK_FLOATS / (depth * positions)), (CHUNK_COLUMNS + positions - 1) / positions);
        if (in.gradients != null) {
            weightsT = new float[depth][groupOutputs];
            refresh(0, 1);
        } else {
            weightsT = null;
        }
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int b0 = Kernels.share(batch, worker, workers);
        int b1 = Kernels.share(batch, worker + 1, workers);
        if (b0 == b1) {
            return;
        }
        for (int s0 = b0; s0 < b1; s0 += chunk) {
            int s1 = Math.min(b1, s0 + chunk);
            patches.gather(in.values, col, s0, s1);
            for (int g = 0; g < groups; g++) {
                Kernels.multiplyRows(out.values, g * groupOutputs, filters.bias(), filters.weights(), g * groupOutputs,
                        col, g * groupDepth, groupDepth, 0, groupOutputs, s0 * positions, s1 * positions);
            }
        }
    }

    @Override
    public int backwardPhases() {
        return in.gradients == null ? 1 : 2;
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        float[][] dOut = out.gradients;
        if (phase == 0) {
            int outputs = filters.bias().length;
            int o0 = Kernels.share(outputs, worker, workers);
            int o1 = Kernels.share(outputs, worker + 1, workers);
            int length = batch * positions;
            for (int g = 0; g < groups; g++) {
                int first = g * groupOutputs;
                int r0 = Math.max(o0, first) - first;
                int r1 = Math.min(o1, first + groupOutputs) - first;
                if (r0 < r1) {
                    DotKernels.dotRows(filters.weightGradients(), first, dOut, first, col, g * groupDepth, r0, r1,
                            groupDepth, length, partials);
                }
            }
            for (int o = o0; o < o1; o++) {
                filters.biasGradient()[o] = Kernels.sum(dOut[o], length);
            }
            return;
        }
        int b0 = Kernels.share(batch, worker, workers);
        int b1 = Kernels.share(batch, worker + 1, workers);
        if (b0 == b1) {
            return;
        }
        for (int s0 = b0; s0 < b1; s0 += chunk) {
            int s1 = Math.min(b1, s0 + chunk);
            for (int g = 0; g < groups; g++) {
                Kernels.multiplyRows(col, g * groupDepth, null, weightsT, g * groupDepth, dOut, g * groupOutputs,
                        groupOutputs, 0, groupDepth, s0 * positions, s1 * positions);
            }
            patches.accumulate(col, in.gradients, s0, s1);
        }
    }

    @Override
    public void refresh(int worker, int workers) {
        if (weightsT == null) {
            return;
        }
        int rows = weightsT.length;
        for (int q = Kernels.share(rows, worker, workers); q < Kernels.share(rows, worker + 1, workers); q++) {
            int g = q / groupDepth;
            int c = q - g * groupDepth;
            float[] row = weightsT[q];
            for (int o = 0; o < groupOutputs; o++) {
                row[o] = filters.weights()[g * groupOutputs + o][c];
            }
        }
    }

    @Override
    public void rows(List<float[]> parameters, List<float[]> gradients) {
        filters.rows(parameters, gradients);
    }

    @Override
    public void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        filters.export(specs, gradients, out);
    }
}
