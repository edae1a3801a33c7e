package org.initlab.backends.nativebackend;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.spi.ParameterSpec;

/**
 * A 3x3 convolution with stride 1 and one group (PyTorch's {@code nn.Conv2d(c_in, c_out, 3, padding=p)}) by
 * Winograd's minimal filtering algorithm F(2x2, 3x3) (Lavin and Gray 2016): each 2x2 block of outputs (a tile) is
 * {@code A^T [sum_ci U(co, ci) . V(ci)] A} with {@code U = G g G^T} the transformed 3x3 filter and
 * {@code V = B^T d B} the transformed 4x4 input patch, so that the sum over input channels is 16 matrix products
 * ({@code [C_out][C_in] x [C_in][tiles]}, one per element {@code xi} of the 4x4 transform) of 16 multiply-adds per
 * tile and channel pair instead of 36: 2.25 times fewer. The gradients are the same algebra transposed:
 * {@code dM = A dY A^T}, {@code dV = U^T dM} scattered back through {@code B dV B^T}, and
 * {@code dU = sum_tiles dM V^T} folded back into the filter by {@code dg = G^T dU G}.
 *
 * <p>Values differ from the direct convolution's ({@link NativeConv2d}) by float rounding only; the transforms
 * use additions and halvings, so the error stays of the order of the direct sum's (checked against it and
 * against a double-precision formula in the tests).
 *
 * <p>Tiles are transformed a group of samples at a time, laid out as {@link WinogradTiling} says; a group's
 * columns stay in the L2 cache between the transforms and the products. The forward pass and the input gradient
 * split the groups between workers, the weight gradient splits output channels, so an element's arithmetic never
 * depends on the split. Per-worker scratch (padded planes, rows) is indexed by the worker's first group, which no
 * other worker has. Used only with the Vector API kernels ({@link #suits}).
 */
final class NativeWinogradConv implements NativeLayer {
    /** System property that turns this algorithm off ({@code -Dinitlab.native.winograd=false}). */
    static final String PROPERTY = "initlab.native.winograd";
    private static volatile Mode mode = "false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").strip())
            ? Mode.NEVER : Mode.AUTOMATIC;
    /** Transformed input values per group of samples at most: 512 KiB, half a core's L2 cache. */
    private static final int GROUP_FLOATS = 1 << 17;
    private static final int XI = 16;
    /** Narrowest output this class takes. */
    static final int MIN_WIDTH = 12;
    private final Boundary in;
    private final Boundary out;
    private final int inputs;
    private final int outputs;
    private final WinogradTiling tiling;
    private final int group;
    private final int lanes;
    private final int span;
    private final int groupColumns;
    private final int plane;
    private final int outPlane;
    private final FilterParameters filters;
    /** {@code U}: rows {@code xi * C_out + co}, columns {@code ci}. */
    private final float[][] u;
    /** {@code U^T}: rows {@code xi * C_in + ci}, columns {@code co} (input gradient only). */
    private final float[][] ut;
    /** {@code V}: rows {@code xi * C_in + ci}, one column per tile of the batch, kept for the weight gradient. */
    private final float[][] v;
    /** {@code M} going forward, {@code dM} going back: rows {@code xi * C_out + co}. */
    private final float[][] m;
    /** {@code dV}: rows {@code xi * C_in + ci} (input gradient only). */
    private final float[][] dv;
    /** {@code dU}: rows {@code xi * C_out + co}. */
    private final float[][] du;
    private final float[] partials;
    /**
     * Per worker (by first group): a padded input plane (zero where the input is not), a padded input-gradient
     * plane, two split output rows, and room for 16 vectors.
     */
    private final float[][] planes;
    private final float[][] gradientPlanes;
    private final float[][] rowPairs;
    private final float[][] staging;

    NativeWinogradConv(Conv2dLayer layer, int index, Boundary in, Boundary out, ParameterSet initial, int maxBatch) {
        this.in = in;
        this.out = out;
        inputs = layer.inChannels();
        outputs = layer.outChannels();
        int outHeight = out.shape.height();
        int outWidth = out.shape.width();
        tiling = tiling(in.shape.height(), in.shape.width(), layer.padding(), outHeight, outWidth, inputs, maxBatch);
        group = tiling.samples();
        lanes = tiling.lanes();
        span = tiling.span();
        groupColumns = tiling.groupColumns();
        plane = in.plane;
        outPlane = out.plane;
        int groups = (maxBatch + group - 1) / group;
        filters = FilterParameters.read(initial, index, outputs, inputs * 9);
        int columns = groups * groupColumns;
        u = new float[XI * outputs][inputs];
        v = new float[XI * inputs][columns];
        m = new float[XI * outputs][columns];
        du = new float[XI * outputs][inputs];
        partials = new float[DotKernels.partialsLength(XI * outputs, inputs)];
        boolean inputGradient = in.gradients != null;
        ut = inputGradient ? new float[XI * inputs][outputs] : null;
        dv = inputGradient ? new float[XI * inputs][columns] : null;
        planes = new float[groups][tiling.planeLength()];
        gradientPlanes = inputGradient ? new float[groups][tiling.planeLength()] : null;
        rowPairs = new float[groups][4 * span];
        staging = new float[groups][16 * VectorWinograd.lanes()];
        refresh(0, 1);
    }

    /**
     * The group size: as many samples as fit {@link #GROUP_FLOATS} transformed values, and among those counts
     * the one whose tile rows fill their vectors best.
     */
    private static WinogradTiling tiling(int height, int width, int padding, int outHeight, int outWidth, int inputs,
                                         int maxBatch) {
        int tileRows = (outHeight + 1) / 2;
        int tilesPerRow = (outWidth + 1) / 2;
        int vector = VectorWinograd.lanes();
        int most = Math.max(1, Math.min(maxBatch, GROUP_FLOATS / (XI * inputs * tileRows * (tilesPerRow + 1))));
        WinogradTiling best = null;
        double bestFill = -1;
        for (int g = most; g >= 1 && g > most / 2; g--) {
            WinogradTiling t = new WinogradTiling(height, width, padding, outHeight, outWidth, tileRows, tilesPerRow,
                    g, vector);
            double fill = (double) t.lanes() / t.span();
            if (fill > bestFill + 1e-9) {
                best = t;
                bestFill = fill;
            }
        }
        return best;
    }

    /** @return {@code n} rounded up to whole vectors */
    private static int roundUp(int n) {
        int vector = VectorWinograd.lanes();
        return (n + vector - 1) / vector * vector;
    }

    /** When convolutions take this algorithm. */
    enum Mode {
        /** Those it suits ({@link #suits}). */
        AUTOMATIC,
        /** Every 3x3 stride-1 single-group one with padding at most 2, whatever its size (tests). */
        ALWAYS,
        /** None. */
        NEVER
    }

    /**
     * @param layer    a convolution
     * @param outWidth its output width
     * @return whether this class computes it: 3x3, stride 1, one group, padding at most 2, with the Vector API
     *         kernels on and {@value #PROPERTY} not {@code false}; automatically only with at least 8 input and
     *         output channels and an output at least {@value #MIN_WIDTH} wide (below either, the transforms and
     *         copies cost more than the products save: measured on ResNet-20's 7x7 stage)
     */
    static boolean suits(Conv2dLayer layer, int outWidth) {
        Mode current = mode;
        if (current == Mode.NEVER || !Kernels.vectorActive() || layer.kernel() != 3 || layer.stride() != 1
                || layer.groups() != 1 || layer.padding() > 2) {
            return false;
        }
        return current == Mode.ALWAYS
                || layer.inChannels() >= 8 && layer.outChannels() >= 8 && outWidth >= MIN_WIDTH;
    }

    /** Sets the mode for layers created afterwards (tests compare both algorithms); returns the previous one. */
    static Mode use(Mode next) {
        Mode previous = mode;
        mode = next;
        return previous;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int groups = (batch + group - 1) / group;
        int g0 = Kernels.share(groups, worker, workers);
        float[] pad = planes[g0];
        float[] pair = rowPairs[g0];
        int width = tiling.planeWidth();
        int used = tiling.tileRows() * lanes;
        for (int g = g0; g < Kernels.share(groups, worker + 1, workers); g++) {
            int s0 = g * group;
            int n = Math.min(batch, s0 + group) - s0;
            int c0 = g * groupColumns;
            for (int ci = 0; ci < inputs; ci++) {
                for (int k = 0; k < n; k++) {
                    tiling.load(in.values[ci], (s0 + k) * plane, pad, k);
                }
                for (int ti = 0; ti < tiling.tileRows(); ti++) {
                    VectorWinograd.input(pad, 2 * ti * width, width, lanes, v, ci, inputs, c0 + ti * lanes, lanes);
                }
            }
            int c1 = c0 + roundUp(used);
            for (int xi = 0; xi < XI; xi++) {
                Kernels.multiplyRows(m, xi * outputs, null, u, xi * outputs, v, xi * inputs, inputs, 0, outputs, c0,
                        c1);
            }
            for (int co = 0; co < outputs; co++) {
                float[] dst = out.values[co];
                for (int ti = 0; ti < tiling.tileRows(); ti++) {
                    VectorWinograd.output(m, co, outputs, c0 + ti * lanes, lanes, filters.bias()[co], pair,
                            span);
                    for (int k = 0; k < n; k++) {
                        int row = (s0 + k) * outPlane + 2 * ti * tiling.outWidth();
                        tiling.interleave(pair, 0, k, dst, row);
                        if (2 * ti + 1 < tiling.outHeight()) {
                            tiling.interleave(pair, 2 * span, k, dst, row + tiling.outWidth());
                        }
                    }
                }
            }
        }
    }

    @Override
    public int backwardPhases() {
        return 2;
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        int groups = (batch + group - 1) / group;
        int g0 = Kernels.share(groups, worker, workers);
        int g1 = Kernels.share(groups, worker + 1, workers);
        if (phase == 0) {
            for (int g = g0; g < g1; g++) {
                transformOutputGradient(g, Math.min(batch, g * group + group) - g * group, g0);
            }
            return;
        }
        int o0 = Kernels.share(outputs, worker, workers);
        int o1 = Kernels.share(outputs, worker + 1, workers);
        for (int xi = 0; xi < XI; xi++) {
            DotKernels.dotRows(du, xi * outputs, m, xi * outputs, v, xi * inputs, o0, o1, inputs,
                    groups * groupColumns, partials);
        }
        for (int co = o0; co < o1; co++) {
            WinogradWeights.filterGradient(du, co, outputs, filters.weightGradients()[co], inputs);
            filters.biasGradient()[co] = Kernels.sum(out.gradients[co], batch * outPlane);
        }
        if (dv != null) {
            for (int g = g0; g < g1; g++) {
                inputGradient(g, Math.min(batch, g * group + group) - g * group, g0);
            }
        }
    }

    /**
     * {@code dM} of group {@code g}'s {@code n} samples; zero in the spare tiles, the missing samples of a last
     * group and the columns past the group's tiles, which the weight gradient sums too.
     */
    private void transformOutputGradient(int g, int n, int g0) {
        float[] pair = rowPairs[g0];
        for (int segment = 0; segment < 4; segment++) {
            Arrays.fill(pair, segment * span + lanes, (segment + 1) * span, 0f);
        }
        int c0 = g * groupColumns;
        int outWidth = tiling.outWidth();
        for (int co = 0; co < outputs; co++) {
            float[] src = out.gradients[co];
            for (int ti = 0; ti < tiling.tileRows(); ti++) {
                boolean second = 2 * ti + 1 < tiling.outHeight();
                for (int k = 0; k < group; k++) {
                    int row = (g * group + k) * outPlane + 2 * ti * outWidth;
                    tiling.split(src, k < n ? row : -1, pair, 0, k);
                    tiling.split(src, k < n && second ? row + outWidth : -1, pair, 2 * span, k);
                }
                VectorWinograd.outputGradient(pair, span, m, co, outputs, c0 + ti * lanes, lanes);
            }
            for (int xi = 0; xi < XI; xi++) {
                Arrays.fill(m[xi * outputs + co], c0 + tiling.tileRows() * lanes, c0 + groupColumns, 0f);
            }
        }
    }

    private void inputGradient(int g, int n, int g0) {
        float[] pad = gradientPlanes[g0];
        int c0 = g * groupColumns;
        int used = tiling.tileRows() * lanes;
        int c1 = c0 + roundUp(used);
        for (int xi = 0; xi < XI; xi++) {
            Kernels.multiplyRows(dv, xi * inputs, null, ut, xi * inputs, m, xi * outputs, outputs, 0, inputs, c0, c1);
        }
        int width = tiling.planeWidth();
        for (int ci = 0; ci < inputs; ci++) {
            Arrays.fill(pad, 0f);
            for (int ti = 0; ti < tiling.tileRows(); ti++) {
                VectorWinograd.inputGradient(dv, ci, inputs, c0 + ti * lanes, lanes, pad, 2 * ti * width, width, lanes,
                        staging[g0]);
            }
            for (int k = 0; k < n; k++) {
                tiling.store(pad, k, in.gradients[ci], (g * group + k) * plane);
            }
        }
    }

    @Override
    public void refresh(int worker, int workers) {
        for (int co = Kernels.share(outputs, worker, workers); co < Kernels.share(outputs, worker + 1, workers); co++) {
            WinogradWeights.transformFilters(filters.weights()[co], co, outputs, u, inputs, ut);
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
