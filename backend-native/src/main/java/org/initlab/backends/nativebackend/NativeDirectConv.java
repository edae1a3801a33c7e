package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.spi.ParameterSpec;

/**
 * A 3x3 convolution with stride 1, padding 1 and one group (PyTorch's {@code nn.Conv2d(c_in, c_out, 3,
 * padding=1)}, the convolution of ResNets) computed directly on zero-padded channel rows ({@link FlatPlanes}):
 * with {@code x} padded so that every tap {@code (dy, dx)} of every pixel is the pixel's index plus a fixed shift,
 * {@code y[co][q] = b[co] + sum_{ci, dy, dx} w[co][ci][dy][dx] * x[ci][q + shift(dy, dx)]} is a matrix product
 * whose source rows are nine shifted views of each input row ({@link VectorShiftedKernels},
 * {@link VectorShiftedDots}): im2col's nine-fold patch matrix is never built. The gradients are the same products:
 * the input gradient is {@code dx[ci][q] = sum_{co, dy, dx} w[co][ci][dy][dx] * dy[co][q - shift(dy, dx)]} on the
 * padded output gradient, the weight gradient {@code dw[co][ci][dy][dx] = sum_q dy[co][q] * x[ci][q + shift(dy, dx)]}
 * (dot products, where the padding cells of {@code dy} are zero). Padding cells are computed too (about
 * {@code 1 - HW / sampleStride} of the work: 8% on 28x28, 18% on 14x14, 23% on 7x7) and dropped.
 *
 * <p>The forward pass splits the samples between workers, in chunks whose outputs stay in the L2 cache. The
 * backward pass splits fixed chunks of samples: one worker pads a chunk's output gradients, sums its weight-gradient
 * terms and computes its input gradient while those rows are in cache; a second phase adds the chunks' terms in
 * chunk order, split by output channels. An element's arithmetic never depends on the split (checked against
 * {@link NativeConv2d} and for thread-count independence in the tests). Used only with the Vector API kernels
 * ({@link #suits}).
 */
final class NativeDirectConv implements NativeLayer {
    /** System property that turns this algorithm off ({@code -Dinitlab.native.direct=false}). */
    static final String PROPERTY = "initlab.native.direct";
    private static volatile boolean enabled = !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true")
            .strip());
    /** Output values per chunk of samples at most: 256 KiB, an eighth of a core's L2 cache. */
    private static final int CHUNK_FLOATS = 1 << 16;
    /** Terms per chunk of the weight gradient's dot products, about: 8 KiB of each row. */
    private static final int GRADIENT_TERMS = 2048;
    private final Boundary in;
    private final Boundary out;
    private final int inputs;
    private final int outputs;
    private final FlatPlanes planes;
    private final DirectConvTaps taps;
    private final FilterParameters filters;
    /**
     * Per phase of the input gradient ({@link DirectConvTaps#gradientTaps}), {@code w^T}: rows {@code ci}, columns
     * {@code co * n + j} for its {@code n} taps (input gradient only).
     */
    private final float[][][] weightsT;
    /** The padded input rows, {@code ci * phases + phase}, kept for the weight gradient. */
    private final float[][] padded;
    /** The padded output-gradient rows. */
    private final float[][] paddedGradients;
    /** Term {@code ci * 9 + tap} of the forward product reads {@code padded[ci]}. */
    private final float[][] forwardSources;
    /** Per phase of the input gradient, term {@code co * n + j} reads {@code paddedGradients[co]}. */
    private final float[][][] backwardSources;
    private final int chunk;
    /**
     * Samples per chunk of the backward pass ({@code 2048 / sampleStride} at least one): each chunk's weight
     * gradient is summed by one worker into {@link #chunkGradients}, and the chunks are added in order afterwards,
     * so that the gradient does not depend on which worker took which chunk.
     */
    private final int gradientChunk;
    /** Per chunk of the backward pass: its weight-gradient terms, rows {@code co}, columns {@code ci * 9 + tap}. */
    private final float[][][] chunkGradients;
    /** Per worker (by first sample): the chunk's outputs, and the offsets of its product's terms. */
    private final float[][][] scratch;
    private final int[][] offsets;
    /**
     * Whether the weight gradient goes through {@link VectorWeightGradients} (input channels in whole vectors), on
     * each chunk's input rows transposed, phase by phase: {@link #halo} positions on either side of the chunk's,
     * {@link #phaseSize} floats a phase; else through {@link VectorShiftedDots}.
     */
    private final boolean transposed;
    private final int halo;
    private final int phaseSize;
    /** Per tap: where {@link VectorWeightGradients#gradients} finds its value at the chunk's first position. */
    private final int[] tapBase = new int[9];
    /** Per phase: its padded input rows, one per input channel. */
    private final float[][][] phaseRows;
    /** Per worker (by first sample): the transposed rows, and the kernel's scratch. */
    private final float[][] transposedRows;
    private final float[][] sums;

    NativeDirectConv(Conv2dLayer layer, int index, Boundary in, Boundary out, ParameterSet initial, int maxBatch) {
        this.in = in;
        this.out = out;
        inputs = layer.inChannels();
        outputs = layer.outChannels();
        planes = FlatPlanes.of(out.shape.height(), out.shape.width(), VectorShiftedKernels.lanes());
        taps = new DirectConvTaps(layer.stride(), planes);
        filters = FilterParameters.read(initial, index, outputs, inputs * 9);
        int length = planes.length(maxBatch);
        padded = new float[inputs * taps.phases][length];
        paddedGradients = new float[outputs][length];
        forwardSources = new float[inputs * 9][];
        for (int k = 0; k < inputs * 9; k++) {
            forwardSources[k] = padded[k / 9 * taps.phases + taps.plane[k % 9]];
        }
        backwardSources = new float[taps.phases][][];
        for (int p = 0; p < taps.phases; p++) {
            int n = taps.gradientTaps[p].length;
            backwardSources[p] = new float[outputs * n][];
            for (int k = 0; k < outputs * n; k++) {
                backwardSources[p][k] = paddedGradients[k / n];
            }
        }
        weightsT = new float[taps.phases][][];
        for (int p = 0; p < taps.phases && in.gradients != null; p++) {
            weightsT[p] = new float[inputs][outputs * taps.gradientTaps[p].length];
        }
        int widest = Math.max(inputs, outputs);
        chunk = Math.max(1, Math.min(maxBatch, CHUNK_FLOATS / (widest * planes.sampleStride())));
        gradientChunk = Math.max(1, Math.min(maxBatch, GRADIENT_TERMS / planes.sampleStride()));
        chunkGradients = new float[(maxBatch + gradientChunk - 1) / gradientChunk][outputs][inputs * 9];
        int scratchLength = VectorShiftedKernels.roundUp(Math.max(chunk, gradientChunk) * planes.sampleStride());
        scratch = new float[maxBatch][][];
        offsets = new int[maxBatch][];
        for (int w = 0; w < maxBatch; w++) {
            scratch[w] = w == 0 ? new float[widest][scratchLength] : null;
        }
        transposed = VectorWeightGradients.suits(inputs);
        halo = planes.rowStride() + 1;
        phaseSize = transposed ? (gradientChunk * planes.sampleStride() + 2 * halo) * inputs : 0;
        for (int tap = 0; tap < 9; tap++) {
            tapBase[tap] = (halo + taps.shift[tap]) * inputs + taps.plane[tap] * phaseSize;
        }
        phaseRows = new float[taps.phases][inputs][];
        for (int ci = 0; ci < inputs; ci++) {
            for (int p = 0; p < taps.phases; p++) {
                phaseRows[p][ci] = padded[ci * taps.phases + p];
            }
        }
        transposedRows = new float[maxBatch][];
        sums = new float[maxBatch][];
        refresh(0, 1);
    }

    /**
     * @param layer a convolution
     * @param input its input's shape
     * @return whether this class computes it: 3x3, padding 1, one group, stride 1 or stride 2 on an even height and
     *         width, with the Vector API kernels on and {@value #PROPERTY} not {@code false}
     */
    static boolean suits(Conv2dLayer layer, FeatureShape input) {
        boolean stride = layer.stride() == 1
                || layer.stride() == 2 && input.height() % 2 == 0 && input.width() % 2 == 0;
        return enabled && Kernels.vectorActive() && layer.kernel() == 3 && stride && layer.padding() == 1
                && layer.groups() == 1;
    }

    /** Turns this algorithm on or off for layers created afterwards (tests compare); returns the previous state. */
    static boolean use(boolean next) {
        boolean previous = enabled;
        enabled = next;
        return previous;
    }

    private float[][] scratch(int first) {
        if (scratch[first] == null) {
            scratch[first] = new float[Math.max(inputs, outputs)][scratch[0][0].length];
        }
        return scratch[first];
    }

    private int[] offsets(int first) {
        if (offsets[first] == null) {
            offsets[first] = new int[9 * Math.max(inputs, outputs)];
        }
        return offsets[first];
    }

    /**
     * Sets the offsets of a product's terms {@code row * n + j}: {@code origin + shifts[j]} for {@code rows} rows,
     * {@code n = shifts.length}.
     */
    private static void terms(int[] at, int rows, int origin, int[] shifts) {
        int n = shifts.length;
        for (int k = 0; k < rows * n; k++) {
            at[k] = origin + shifts[k % n];
        }
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int b0 = Kernels.share(batch, worker, workers);
        int b1 = Kernels.share(batch, worker + 1, workers);
        if (b0 == b1) {
            return;
        }
        for (int ci = 0; ci < inputs; ci++) {
            if (taps.phases == 1) {
                planes.copyIn(in.values[ci], padded[ci], b0, b1);
                continue;
            }
            planes.copyInPhases(in.values[ci], padded, ci * taps.phases, b0, b1);
        }
        float[][] result = scratch(b0);
        int[] at = offsets(b0);
        for (int s0 = b0; s0 < b1; s0 += chunk) {
            int s1 = Math.min(b1, s0 + chunk);
            terms(at, inputs, planes.rowStart(s0, 0), taps.shift);
            VectorShiftedKernels.product(result, outputs, filters.bias(), filters.weights(), forwardSources, at,
                    inputs * 9, (s1 - s0) * planes.sampleStride() - planes.rowStride());
            for (int co = 0; co < outputs; co++) {
                planes.copyOut(result[co], out.values[co], s0, s1);
            }
        }
    }

    @Override
    public int backwardPhases() {
        return 2;
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        int chunks = (batch + gradientChunk - 1) / gradientChunk;
        if (phase == 0) {
            int c0 = Kernels.share(chunks, worker, workers);
            for (int c = c0; c < Kernels.share(chunks, worker + 1, workers); c++) {
                backwardChunk(c, c0 * gradientChunk, batch);
            }
            return;
        }
        int o0 = Kernels.share(outputs, worker, workers);
        int o1 = Kernels.share(outputs, worker + 1, workers);
        for (int co = o0; co < o1; co++) {
            float[] sum = filters.weightGradients()[co];
            System.arraycopy(chunkGradients[0][co], 0, sum, 0, sum.length);
            for (int c = 1; c < chunks; c++) {
                float[] terms = chunkGradients[c][co];
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += terms[k];
                }
            }
            filters.biasGradient()[co] = Kernels.sum(out.gradients[co], batch * out.plane);
        }
    }

    /**
     * Chunk {@code c} of the backward pass: pads its samples' output gradients, sums their weight-gradient terms
     * while those rows are in the cache, and computes their input gradients. Per-worker scratch is indexed by
     * {@code first}, the worker's first sample.
     */
    private void backwardChunk(int c, int first, int batch) {
        int s0 = c * gradientChunk;
        int s1 = Math.min(batch, s0 + gradientChunk);
        for (int co = 0; co < outputs; co++) {
            planes.copyIn(out.gradients[co], paddedGradients[co], s0, s1);
        }
        int start = planes.rowStart(s0, 0) - planes.rowStride();
        int[] at = offsets(first);
        terms(at, inputs, start, taps.shift);
        int length = (s1 - s0) * planes.sampleStride();
        if (transposed) {
            if (transposedRows[first] == null) {
                transposedRows[first] = new float[taps.phases * phaseSize];
                sums[first] = new float[VectorWeightGradients.scratch()];
            }
            for (int p = 0; p < taps.phases; p++) {
                VectorWeightGradients.transpose(phaseRows[p], inputs, start - halo, start + length + halo,
                        transposedRows[first], p * phaseSize);
            }
            VectorWeightGradients.gradients(chunkGradients[c], paddedGradients, outputs, start, length,
                    transposedRows[first], inputs, tapBase, sums[first]);
        } else {
            // sample strides are whole vectors, so a chunk's terms are too, and they end where its samples do
            VectorShiftedDots.dot(chunkGradients[c], paddedGradients, start, 0, outputs, forwardSources, at,
                    inputs * 9, length);
        }
        if (in.gradients == null) {
            return;
        }
        float[][] result = scratch(first);
        for (int p = 0; p < taps.phases; p++) {
            int[] shifts = taps.gradientShifts[p];
            terms(at, outputs, planes.rowStart(s0, 0), shifts);
            VectorShiftedKernels.product(result, inputs, null, weightsT[p], backwardSources[p], at,
                    outputs * shifts.length, (s1 - s0) * planes.sampleStride() - planes.rowStride());
            for (int ci = 0; ci < inputs; ci++) {
                if (taps.phases == 1) {
                    planes.copyOut(result[ci], in.gradients[ci], s0, s1);
                } else {
                    planes.copyOutPhase(result[ci], in.gradients[ci], s0, s1, p / 2, p % 2);
                }
            }
        }
    }

    @Override
    public void refresh(int worker, int workers) {
        if (in.gradients == null) {
            return;
        }
        for (int ci = Kernels.share(inputs, worker, workers); ci < Kernels.share(inputs, worker + 1, workers); ci++) {
            for (int p = 0; p < taps.phases; p++) {
                int[] gather = taps.gradientTaps[p];
                float[] row = weightsT[p][ci];
                for (int co = 0; co < outputs; co++) {
                    float[] w = filters.weights()[co];
                    for (int j = 0; j < gather.length; j++) {
                        row[co * gather.length + j] = w[ci * 9 + gather[j]];
                    }
                }
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
