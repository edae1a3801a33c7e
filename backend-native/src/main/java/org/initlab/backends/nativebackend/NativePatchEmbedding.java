package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.spi.ParameterSpec;

/**
 * A {@link PatchEmbedding}: its strided convolution ({@link NativeConv2d}, one product over the batch) into a
 * spatial map {@code [D][batch * T]} of its own, then PyTorch's {@code flatten(2).transpose(1, 2)} into the token
 * rows of the flat output boundary ({@code [batch][T * D]}, token {@code t = py * W/P + px}). Backward, the
 * output gradient is transposed back into the map's gradient and the convolution does the rest. The transposes
 * are split by samples.
 */
final class NativePatchEmbedding implements NativeLayer {
    private final Boundary out;
    private final Boundary map;
    private final NativeConv2d convolution;
    private final int tokens;
    private final int dim;

    NativePatchEmbedding(PatchEmbedding layer, int index, Boundary in, Boundary out, ParameterSet initial,
                         int maxBatch) {
        this.out = out;
        FeatureShape image = in.shape;
        map = new Boundary(FeatureShape.map(layer.dim(), image.height() / layer.patch(),
                image.width() / layer.patch()), maxBatch);
        map.needGradients(maxBatch);
        convolution = new NativeConv2d(layer.convolution(), index, in, map, initial, maxBatch);
        tokens = map.plane;
        dim = layer.dim();
    }

    @Override
    public int forwardPhases() {
        return convolution.forwardPhases() + 1;
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        if (phase < convolution.forwardPhases()) {
            convolution.forward(phase, worker, workers, batch, training);
            return;
        }
        for (int b = Kernels.share(batch, worker, workers); b < Kernels.share(batch, worker + 1, workers); b++) {
            float[] row = out.values[b];
            for (int d = 0; d < dim; d++) {
                float[] channel = map.values[d];
                for (int t = 0; t < tokens; t++) {
                    row[t * dim + d] = channel[b * tokens + t];
                }
            }
        }
    }

    @Override
    public int backwardPhases() {
        return 1 + convolution.backwardPhases();
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        if (phase > 0) {
            convolution.backward(phase - 1, worker, workers, batch);
            return;
        }
        for (int b = Kernels.share(batch, worker, workers); b < Kernels.share(batch, worker + 1, workers); b++) {
            float[] row = out.gradients[b];
            for (int d = 0; d < dim; d++) {
                float[] channel = map.gradients[d];
                for (int t = 0; t < tokens; t++) {
                    channel[b * tokens + t] = row[t * dim + d];
                }
            }
        }
    }

    @Override
    public void refresh(int worker, int workers) {
        convolution.refresh(worker, workers);
    }

    @Override
    public void rows(List<float[]> parameters, List<float[]> gradients) {
        convolution.rows(parameters, gradients);
    }

    @Override
    public void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        convolution.export(specs, gradients, out);
    }
}
