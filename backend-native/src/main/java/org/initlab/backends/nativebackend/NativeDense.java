package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.DenseLayer;
import org.initlab.spi.ParameterSpec;

/**
 * A dense layer on flat boundaries. The weight is held transposed, as {@code wt[input][output]} rows, so that
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

    NativeDense(DenseLayer layer, int index, Boundary in, Boundary out, ParameterSet initial) {
        this.in = in;
        this.out = out;
        inputs = layer.inputs();
        outputs = layer.outputs();
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
        Kernels.multiply(out.values, Kernels.share(batch, worker, workers), Kernels.share(batch, worker + 1, workers),
                0, outputs, bias, in.values, weightsT, inputs);
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        float[][] dOut = out.gradients;
        Kernels.multiplyTransposed(weightGradientsT, Kernels.share(inputs, worker, workers),
                Kernels.share(inputs, worker + 1, workers), 0, outputs, in.values, dOut, batch);
        if (worker == workers - 1) {
            // small (batch x outputs additions), and one owner keeps every line of the sums on one core
            Kernels.columnSums(biasGradient, dOut, batch, 0, outputs);
        }
        if (weights != null) {
            Kernels.multiply(in.gradients, Kernels.share(batch, worker, workers),
                    Kernels.share(batch, worker + 1, workers), 0, inputs, null, dOut, weights, outputs);
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
        float[][] source = gradients ? weightGradientsT : weightsT;
        float[] w = new float[outputs * inputs];
        for (int i = 0; i < inputs; i++) {
            float[] row = source[i];
            for (int o = 0; o < outputs; o++) {
                w[o * inputs + i] = row[o];
            }
        }
        out.add(new ParameterTensor(specs.next(), w));
        LayerParameters.add(specs, gradients ? biasGradient : bias, out);
    }
}
