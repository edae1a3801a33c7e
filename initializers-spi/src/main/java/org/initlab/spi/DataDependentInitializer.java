package org.initlab.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * An initializer that needs data: it first fills its tensors like any {@link Initializer} (usually by
 * delegating to a nested one, {@code pre=orthogonal}), then, once every parameter of the network has its
 * initial values, {@link #refine} adjusts its weight tensors from forward passes of a batch of real input
 * samples. LSUV (Mishkin and Matas, "All you need is a good init", ICLR 2016) is the model: rescale each
 * layer's weights in order until its output variance on the batch is 1.
 *
 * <p>The host calls {@code refine} once per initializer and network, after all parameters were filled, with
 * a {@link LayerProbe} that lists the weights this initializer filled. A host that has no data must refuse
 * the initializer with an {@link IllegalArgumentException} instead of skipping the refinement. The same
 * contract as {@link Initializer} holds: no state between calls, randomness only from the generators
 * {@code initialize} is given, errors as {@link IllegalArgumentException} with an actionable message.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface DataDependentInitializer extends Initializer {

    /**
     * Adjusts this initializer's weights from the probe batch.
     *
     * @param probe the weights this initializer filled and forward passes of the probe batch
     * @throws IllegalArgumentException when the data gives nothing to work with (for example a layer whose
     *                                  output variance is 0), naming the layer
     */
    void refine(LayerProbe probe);
}
