package org.initlab.backends.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;

/**
 * {@code nn.Conv2d} (square kernel, stride, zero padding, groups, bias; weight {@code [out, in/groups, k, k]})
 * computed as im2col and one matrix product, entirely with libtorch's native CPU kernels:
 *
 * <pre>
 *   x  [N, C, H, W]  --zero pad-->  [N, C*Hp*Wp]  --gather(index)-->  cols [N*L, groups, C/groups*k*k]
 *   y  = cols @ W^T + b   (one addmm; a batched matmul per group when groups > 1)   [N*L, out]
 *   out = y viewed as [N, OH, OW, out] and permuted to [N, out, OH, OW]   (a channels-last view)
 * </pre>
 *
 * where {@code L = OH*OW} and the index (built once per layer) lists, for every output position, the padded
 * input positions of its window in {@code (c, u, v)} order, which is the order of the weight's last three
 * dimensions. Autograd differentiates the gather (a scatter-add) and the product.
 *
 * <p>Why not {@code torch.conv2d}: on the development machine (AMD EPYC with AVX-512), libtorch 2.7.1's
 * oneDNN 3.7.1 kernels returned wrong gradients for convolutions with fewer channels per group than the SIMD
 * block (16): {@code jit:avx512_core backward_data} in the blocked {@code aBcd16b} layout gave a wrong, and
 * between runs different, input gradient for stride-1 convolutions with 4 input and 3 output channels (also
 * with {@code ONEDNN_MAX_CPU_ISA=AVX2}); with channels-last inputs that case was right but
 * {@code backward_weights} of a grouped convolution (2 groups of 1 input channel) was wrong. Forward values were
 * right in every case tried. The finite-difference test in {@code DjlConvolutionTest} catches both.
 *
 * <p>For speed comparisons only, the system property {@value #LIBTORCH_PROPERTY}{@code =true} makes every
 * convolution call libtorch's own {@code conv2d} instead (what a PyTorch user's {@code nn.Conv2d} runs):
 * {@code initlab bench} reports both, so the native backend is measured against PyTorch's real convolution.
 * Do not train with it on a CPU where the bug above shows.
 */
final class DjlConvolution {
    /** The system property that switches to libtorch's {@code conv2d} (see the class Javadoc). */
    static final String LIBTORCH_PROPERTY = "initlab.djl.conv2d";

    private final boolean libtorch = Boolean.getBoolean(LIBTORCH_PROPERTY);
    private final Shape stride;
    private final Shape convPadding;
    private final Shape dilation = new Shape(1, 1);
    private final int groups;
    private final int outChannels;
    private final int perGroupIn;
    private final long[] paddedFlat;
    private final long[] padding;
    private final long[] windowShape;
    private final long[] outputNhwc;
    private final long[] weightMatrix;
    private final long[] groupedWeight;
    private final long windowSize;
    private final long positions;
    private final NDArray index;

    /**
     * @param layer   the convolution
     * @param input   the shape of one input sample
     * @param manager where the index lives (the session's)
     */
    DjlConvolution(Conv2dLayer layer, FeatureShape input, NDManager manager) {
        FeatureShape output = layer.outputShape(input);
        int k = layer.kernel();
        int p = layer.padding();
        int s = layer.stride();
        int hp = input.height() + 2 * p;
        int wp = input.width() + 2 * p;
        int channels = input.channels();
        this.groups = layer.groups();
        this.stride = new Shape(s, s);
        this.convPadding = new Shape(p, p);
        this.outChannels = layer.outChannels();
        this.perGroupIn = channels / groups;
        this.positions = (long) output.height() * output.width();
        this.windowSize = (long) channels * k * k;
        this.paddedFlat = new long[] {-1, (long) channels * hp * wp};
        this.padding = p == 0 ? new long[0] : new long[] {p, p, p, p};
        this.windowShape = new long[] {-1, groups, perGroupIn * (long) k * k};
        this.outputNhwc = new long[] {-1, output.height(), output.width(), outChannels};
        this.weightMatrix = new long[] {outChannels, windowSize / groups};
        this.groupedWeight = new long[] {groups, outChannels / groups, windowSize / groups};
        long[] offsets = new long[Math.toIntExact(positions * windowSize)];
        int n = 0;
        for (int i = 0; i < output.height(); i++) {
            for (int j = 0; j < output.width(); j++) {
                for (int c = 0; c < channels; c++) {
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            offsets[n++] = ((long) c * hp + i * s + u) * wp + j * s + v;
                        }
                    }
                }
            }
        }
        this.index = manager.create(offsets, new Shape(1, offsets.length));
    }

    /**
     * @param x      {@code [N, C, H, W]} (any strides)
     * @param weight {@code [out, in/groups, k, k]}
     * @param bias   {@code [out]}
     * @return {@code [N, out, OH, OW]}, a channels-last view
     */
    NDArray apply(NDArray x, NDArray weight, NDArray bias) {
        PtNDArray h = (PtNDArray) x;
        if (libtorch) {
            return JniUtils.convolution(h, (PtNDArray) weight, (PtNDArray) bias, stride, convPadding, dilation,
                    groups);
        }
        long batch = h.getShape().get(0);
        if (padding.length > 0) {
            h = JniUtils.pad(h, padding, 0);
        }
        PtNDArray flat = JniUtils.reshape(h, paddedFlat);
        PtNDArray expanded = JniUtils.broadcast((PtNDArray) index, new Shape(batch, positions * windowSize));
        PtNDArray cols = JniUtils.gather(flat, expanded, 1);
        PtNDArray y;
        if (groups == 1) {
            PtNDArray rows = JniUtils.reshape(cols, new long[] {batch * positions, windowSize});
            y = JniUtils.linear(rows, JniUtils.reshape((PtNDArray) weight, weightMatrix), (PtNDArray) bias);
        } else {
            // [N*L, G, K/G] -> [G, N*L, K/G] @ [G, K/G, out/G] -> [G, N*L, out/G] -> [N*L, G, out/G]
            PtNDArray windows = JniUtils.transpose(JniUtils.reshape(cols, windowShape), 0, 1);
            PtNDArray w = JniUtils.transpose(JniUtils.reshape((PtNDArray) weight, groupedWeight), 1, 2);
            PtNDArray products = JniUtils.transpose(JniUtils.matmul(windows, w), 0, 1);
            y = (PtNDArray) JniUtils.reshape(products, new long[] {batch * positions, outChannels}).add(bias);
        }
        return JniUtils.permute(JniUtils.reshape(y, outputNhwc), new long[] {0, 3, 1, 2});
    }
}
