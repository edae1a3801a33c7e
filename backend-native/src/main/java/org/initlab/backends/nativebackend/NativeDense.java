package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.DenseLayer;
import org.initlab.spi.ParameterSpec;

/**
 * A dense layer {@code Y = (c X) W^T + b} on flat boundaries; with an input multiplier {@code c != 1} the layer
 * keeps its own rows of {@code c X} (what the weight gradient reads, as PyTorch's {@code linear(c * x)} saves
 * them) and multiplies its input gradient by {@code c}. The weight is held transposed, as {@code wt[input][output]} rows, so that
 * the forward product {@code Y = X W^T + b} and the weight gradient {@code dW^T = X^T dY} are row updates over
 * outputs; when the input needs a gradient the layer also keeps {@code w[output][input]} rows, refreshed after
 * every update, for {@code dX = dY W}. Each product is split by contiguous blocks of output rows.
 */
final class NativeDense implements NativeLayer {
    private final Boundary in;
    private final Boundary out;
    private final int inputs;
    private final int outputs;
    private final float[][] weightsT;
    private final float[][] weights;
    private final float[] bias;
    private final float[][] weightGradientsT;
    private final float[] biasGradient;
    /** The input multiplier {@code c} as the float PyTorch multiplies by. */
    private final float multiplier;
    /** {@code c X} rows when {@code c != 1}, else {@code null} (the layer reads its input boundary). */
    private final float[][] scaled;

    NativeDense(DenseLayer layer, int index, Boundary in, Boundary out, ParameterSet initial) {
        this.in = in;
        this.out = out;
        inputs = layer.inputs();
        outputs = layer.outputs();
        multiplier = (float) layer.inputMultiplier();
        scaled = layer.scalesInput() ? new float[in.values.length][inputs] : null;
        float[] w = LayerParameters.values(initial, index + ".weight", (long) outputs * inputs);
        bias = LayerParameters.values(initial, index + ".bias", outputs).clone();
        weightsT = new float[inputs][outputs];
        for (int o = 0; o < outputs; o++) {
            for (int i = 0; i < inputs; i++) {
                weightsT[i][o] = w[o * inputs + i];
            }
        }
        weightGradientsT = new float[inputs][outputs];
        biasGradient = new float[outputs];
        if (in.gradients != null) {
            weights = new float[outputs][inputs];
            Kernels.transpose(weightsT, weights, 0, outputs);
        } else {
            weights = null;
        }
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int b0 = Kernels.share(batch, worker, workers);
        int b1 = Kernels.share(batch, worker + 1, workers);
        if (scaled != null) {
            for (int b = b0; b < b1; b++) {
                float[] x = in.values[b];
                float[] cx = scaled[b];
                for (int i = 0; i < inputs; i++) {
                    cx[i] = multiplier * x[i];
                }
            }
        }
        Kernels.multiply(out.values, b0, b1, 0, outputs, bias, input(), weightsT, inputs);
    }

    /** @return the rows the product reads: {@code c X}, or the input itself when {@code c = 1} */
    private float[][] input() {
        return scaled != null ? scaled : in.values;
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        float[][] dOut = out.gradients;
        Kernels.multiplyTransposed(weightGradientsT, Kernels.share(inputs, worker, workers),
                Kernels.share(inputs, worker + 1, workers), 0, outputs, input(), dOut, batch);
        if (worker == workers - 1) {
            // small (batch x outputs additions), and one owner keeps every line of the sums on one core
            Kernels.columnSums(biasGradient, dOut, batch, 0, outputs);
        }
        if (weights != null) {
            int b0 = Kernels.share(batch, worker, workers);
            int b1 = Kernels.share(batch, worker + 1, workers);
            Kernels.multiply(in.gradients, b0, b1, 0, inputs, null, dOut, weights, outputs);
            if (scaled != null) {
                for (int b = b0; b < b1; b++) {
                    float[] dx = in.gradients[b];
                    for (int i = 0; i < inputs; i++) {
                        dx[i] *= multiplier;
                    }
                }
            }
        }
    }

    @Override
    public void refresh(int worker, int workers) {
        if (weights != null) {
            Kernels.transpose(weightsT, weights, Kernels.share(outputs, worker, workers),
                    Kernels.share(outputs, worker + 1, workers));
        }
    }

    @Override
    public void rows(List<float[]> parameters, List<float[]> gradients) {
        parameters.addAll(List.of(weightsT));
        parameters.add(bias);
        gradients.addAll(List.of(weightGradientsT));
        gradients.add(biasGradient);
    }

    @Override
    public void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        LayerParameters.addTransposed(specs, gradients ? weightGradientsT : weightsT, outputs, inputs, out);
        LayerParameters.add(specs, gradients ? biasGradient : bias, out);
    }
}
