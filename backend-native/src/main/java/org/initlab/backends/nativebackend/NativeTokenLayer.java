package org.initlab.backends.nativebackend;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.Layer;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.core.model.TokenPool;
import org.initlab.spi.ParameterSpec;

/**
 * The sequence layers of a vision transformer between flat boundaries of {@code [T * D]} token rows: the
 * {@link ClassToken} (prepended as token 0; its gradient is the sum over samples of token 0's), the
 * {@link PositionalEmbedding} ({@code x + pos}; its gradient is the sum over samples) and the {@link TokenPool}
 * (token 0, or the mean over tokens; no parameters). The values and input gradients are split by samples, the
 * parameter gradients by elements, each summed over the batch in order.
 */
final class NativeTokenLayer implements NativeLayer {
    private enum Kind { CLASS_TOKEN, POSITION, CLS_POOL, MEAN_POOL }

    private final Kind kind;
    private final Boundary in;
    private final Boundary out;
    private final int dim;
    private final int tokens;
    private final float[] parameter;
    private final float[] gradient;

    NativeTokenLayer(Layer layer, int index, Boundary in, Boundary out, ParameterSet initial) {
        this.in = in;
        this.out = out;
        if (layer instanceof ClassToken c) {
            kind = Kind.CLASS_TOKEN;
            dim = c.dim();
            parameter = LayerParameters.values(initial, index + "." + ClassToken.PARAMETER, dim).clone();
        } else if (layer instanceof PositionalEmbedding p) {
            kind = Kind.POSITION;
            dim = p.dim();
            parameter = LayerParameters.values(initial, index + "." + PositionalEmbedding.PARAMETER,
                    (long) p.tokens() * p.dim()).clone();
        } else {
            kind = ((TokenPool) layer).mode() == TokenPool.Mode.CLS ? Kind.CLS_POOL : Kind.MEAN_POOL;
            dim = in.shape.dim();
            parameter = null;
        }
        tokens = in.shape.tokens();
        gradient = parameter == null ? null : new float[parameter.length];
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int width = in.shape.size();
        for (int b = Kernels.share(batch, worker, workers); b < Kernels.share(batch, worker + 1, workers); b++) {
            float[] x = in.values[b];
            float[] y = out.values[b];
            switch (kind) {
                case CLASS_TOKEN -> {
                    System.arraycopy(parameter, 0, y, 0, dim);
                    System.arraycopy(x, 0, y, dim, width);
                }
                case POSITION -> {
                    for (int k = 0; k < width; k++) {
                        y[k] = x[k] + parameter[k];
                    }
                }
                case CLS_POOL -> System.arraycopy(x, 0, y, 0, dim);
                case MEAN_POOL -> {
                    for (int d = 0; d < dim; d++) {
                        float sum = 0f;
                        for (int t = 0; t < tokens; t++) {
                            sum += x[t * dim + d];
                        }
                        y[d] = sum / tokens;
                    }
                }
            }
        }
    }

    @Override
    public int backwardPhases() {
        return parameter == null ? 1 : 2;
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        if (phase == 1) {
            for (int k = Kernels.share(gradient.length, worker, workers);
                 k < Kernels.share(gradient.length, worker + 1, workers); k++) {
                float sum = 0f;
                for (int b = 0; b < batch; b++) {
                    sum += out.gradients[b][k];
                }
                gradient[k] = sum;
            }
            return;
        }
        if (in.gradients == null) {
            return;
        }
        int width = in.shape.size();
        for (int b = Kernels.share(batch, worker, workers); b < Kernels.share(batch, worker + 1, workers); b++) {
            float[] dx = in.gradients[b];
            float[] dy = out.gradients[b];
            switch (kind) {
                case CLASS_TOKEN -> System.arraycopy(dy, dim, dx, 0, width);
                case POSITION -> System.arraycopy(dy, 0, dx, 0, width);
                case CLS_POOL -> {
                    System.arraycopy(dy, 0, dx, 0, dim);
                    Arrays.fill(dx, dim, width, 0f);
                }
                case MEAN_POOL -> {
                    for (int t = 0; t < tokens; t++) {
                        for (int d = 0; d < dim; d++) {
                            dx[t * dim + d] = dy[d] / tokens;
                        }
                    }
                }
            }
        }
    }

    @Override
    public void rows(List<float[]> parameters, List<float[]> gradients) {
        if (parameter != null) {
            parameters.add(parameter);
            gradients.add(gradient);
        }
    }

    @Override
    public void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        if (parameter != null) {
            LayerParameters.add(specs, gradients ? gradient : parameter, out);
        }
    }
}
