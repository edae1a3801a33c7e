package org.initlab.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * What a {@link DataDependentInitializer} sees of a network while it refines its weights: the weight tensors
 * it filled, in forward order, as live {@code float[]} views, and forward passes of a fixed batch of input
 * samples (the <em>probe batch</em>) through the whole network as it currently stands.
 *
 * <p>Layer {@code k} below always means {@code weights().get(k)}. The outputs of a layer are its
 * pre-activations {@code z = x W^T + b} (before the nonlinearity that follows it), one row of
 * {@code units} values per sample; for a convolution (weight {@code [out, in/groups, k, k]}) a row is the
 * whole output map of the sample, {@code out * H * W} values in {@code (c, y, x)} order. A change written into {@link #values(int)} takes effect in the next call
 * of {@link #outputs(int)} or {@link #outputVariance(int)}, for this layer and every later one. The host
 * computes forward passes in double precision, deterministically, so a data-dependent initializer that only
 * reads and writes through this interface keeps initlab's rule: same seed and same data, same tensors.
 *
 * <p>A probe is valid only during {@link DataDependentInitializer#refine}; it is used from one thread.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface LayerProbe {

    /**
     * @return the weight tensors the refining initializer filled, in forward order (unmodifiable); other
     *         layers of the network take part in forward passes but are not listed
     */
    List<ParameterSpec> weights();

    /**
     * The live values of a weight tensor, PyTorch layout ({@code [out, in]} for a dense layer).
     *
     * @param layer an index into {@link #weights()}
     * @return the tensor's elements, not a copy: writes change the network
     * @throws IndexOutOfBoundsException for an index outside {@code weights()}
     */
    float[] values(int layer);

    /** @return the number of samples in the probe batch, {@code >= 1} */
    int batchSize();

    /**
     * Runs the probe batch forward through the current network up to the given layer.
     *
     * @param layer an index into {@link #weights()}
     * @return the layer's pre-activations, row-major {@code [batchSize, units]}, a new array
     * @throws IndexOutOfBoundsException for an index outside {@code weights()}
     */
    float[] outputs(int layer);

    /**
     * The variance of a layer's outputs on the probe batch, over all samples and units together (the
     * statistic LSUV drives to 1): {@code mean((z - mean(z))^2)}.
     *
     * @param layer an index into {@link #weights()}
     * @return the population variance of {@link #outputs(int)}
     * @throws IndexOutOfBoundsException for an index outside {@code weights()}
     */
    default double outputVariance(int layer) {
        float[] z = outputs(layer);
        double sum = 0;
        for (float v : z) {
            sum += v;
        }
        double mean = sum / z.length;
        double squares = 0;
        for (float v : z) {
            squares += (v - mean) * (v - mean);
        }
        return squares / z.length;
    }
}
