package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.spi.ParameterSpec;

/**
 * A convolution's parameters and their gradients, as both convolution algorithms ({@link NativeConv2d},
 * {@link NativeWinogradConv}) keep them: the weight as rows {@code [C_out][C_in / groups * k * k]} (PyTorch's
 * layout, one row per output channel) and the bias.
 *
 * @param weights         weight rows
 * @param bias            one value per output channel
 * @param weightGradients the weight's gradient, same shape
 * @param biasGradient    the bias's gradient
 */
record FilterParameters(float[][] weights, float[] bias, float[][] weightGradients, float[] biasGradient) {

    /**
     * Copies {@code <index>.weight} and {@code <index>.bias} out of the initial parameters.
     *
     * @param initial the initial parameters
     * @param index   the layer's index in their paths
     * @param outputs output channels
     * @param depth   a weight row's length
     * @return the parameters, with zero gradients
     * @throws IllegalArgumentException when a parameter is missing or has the wrong length
     */
    static FilterParameters read(ParameterSet initial, int index, int outputs, int depth) {
        return new FilterParameters(LayerParameters.rows(LayerParameters.values(initial, index + ".weight",
                (long) outputs * depth), outputs, depth),
                LayerParameters.values(initial, index + ".bias", outputs).clone(), new float[outputs][depth],
                new float[outputs]);
    }

    /** See {@link NativeLayer#rows}. */
    void rows(List<float[]> parameters, List<float[]> gradients) {
        parameters.addAll(List.of(weights));
        parameters.add(bias);
        gradients.addAll(List.of(weightGradients));
        gradients.add(biasGradient);
    }

    /** See {@link NativeLayer#export}. */
    void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        LayerParameters.add(specs, gradients ? weightGradients : weights, out);
        LayerParameters.add(specs, gradients ? biasGradient : bias, out);
    }
}
