package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.spi.ParameterSpec;

/**
 * A linear map applied to every token row of a batch ({@code N = batch * T} rows), one of the four projections
 * of a {@link NativeTransformer}: {@code Y = X W^T + b} with {@code W [outputs, inputs]} (PyTorch's layout) held
 * transposed, as in {@link NativeDense}, so that the forward product and the weight gradient
 * {@code dW^T = X^T dY} are row updates over outputs; {@code w[output][input]} rows, refreshed after every update,
 * serve the input gradient {@code dX = dY W}. Row products are split by token rows, the weight gradient by input
 * rows and the bias gradient by output columns; each element is summed in a fixed order whatever the split.
 */
final class TokenLinear {
    private final int inputs;
    private final int outputs;
    private final float[][] weightsT;
    private final float[][] weights;
    private final float[] bias;
    private final float[][] weightGradientsT;
    private final float[] biasGradient;

    /**
     * @param initial the network's parameters
     * @param weight  the weight's path
     * @param biasPath the bias's path
     * @param inputs  the input width
     * @param outputs the output width
     */
    TokenLinear(ParameterSet initial, String weight, String biasPath, int inputs, int outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
        float[] w = LayerParameters.values(initial, weight, (long) outputs * inputs);
        bias = LayerParameters.values(initial, biasPath, outputs).clone();
        weightsT = new float[inputs][outputs];
        for (int o = 0; o < outputs; o++) {
            for (int i = 0; i < inputs; i++) {
                weightsT[i][o] = w[o * inputs + i];
            }
        }
        weights = new float[outputs][inputs];
        Kernels.transpose(weightsT, weights, 0, outputs);
        weightGradientsT = new float[inputs][outputs];
        biasGradient = new float[outputs];
    }

    /** {@code y[r] = x[r] W^T + b} for rows {@code [r0, r1)}. */
    void forward(float[][] x, float[][] y, int r0, int r1) {
        Kernels.multiply(y, r0, r1, 0, outputs, bias, x, weightsT, inputs);
    }

    /** {@code dx[r] = dy[r] W} for rows {@code [r0, r1)}. */
    void inputGradient(float[][] dy, float[][] dx, int r0, int r1) {
        Kernels.multiply(dx, r0, r1, 0, inputs, null, dy, weights, outputs);
    }

    /** One worker's share of {@code dW^T = X^T dY} (by input rows) and {@code db = sum_r dY[r]} (by columns). */
    void parameterGradients(float[][] x, float[][] dy, int rows, int worker, int workers) {
        Kernels.multiplyTransposed(weightGradientsT, Kernels.share(inputs, worker, workers),
                Kernels.share(inputs, worker + 1, workers), 0, outputs, x, dy, rows);
        Kernels.columnSums(biasGradient, dy, rows, Kernels.share(outputs, worker, workers),
                Kernels.share(outputs, worker + 1, workers));
    }

    void refresh(int worker, int workers) {
        Kernels.transpose(weightsT, weights, Kernels.share(outputs, worker, workers),
                Kernels.share(outputs, worker + 1, workers));
    }

    void rows(List<float[]> parameters, List<float[]> gradients) {
        parameters.addAll(List.of(weightsT));
        parameters.add(bias);
        gradients.addAll(List.of(weightGradientsT));
        gradients.add(biasGradient);
    }

    void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        LayerParameters.addTransposed(specs, gradients ? weightGradientsT : weightsT, outputs, inputs, out);
        LayerParameters.add(specs, gradients ? biasGradient : bias, out);
    }
}
