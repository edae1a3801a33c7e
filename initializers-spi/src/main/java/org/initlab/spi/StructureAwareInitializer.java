package org.initlab.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * An initializer that needs to know where parameters sit in a residual network ({@link Placement}): Fixup,
 * SkipInit, ReZero, zero-gamma, residual scaling.
 *
 * <p>Two things set it apart from a plain {@link Initializer}. It sees the whole network's parameters before
 * any is filled ({@link #checkNetwork(List)}), so it can refuse a network it does not fit with one line that
 * names what it needs ("fixup needs a network with residual blocks ..."), before any training. And it may
 * claim parameters that a plan otherwise starts at a constant whatever the initializer ({@link #claims}):
 * normalization scales and shifts (1 and 0), residual gates (1) and scalar biases (0); SkipInit claims the
 * gates to start them at 0, zero-gamma the last normalization scale of each branch.
 *
 * <p>Plain initializers are unaffected: a network's parameters carry their {@link Placement} as an
 * {@link java.util.Optional} that plain initializers may ignore.
 */
@API(status = EXPERIMENTAL, since = "0.4")
public interface StructureAwareInitializer extends Initializer {

    /**
     * Checks that the network fits this initializer, before any parameter is filled.
     *
     * @param parameters every parameter of the network, in order, each with its placement when the network
     *                   gives one
     * @throws IllegalArgumentException when the network does not fit (the message says what the initializer
     *                                  needs, e.g. residual blocks, or no normalization for ReZero)
     */
    void checkNetwork(List<ParameterSpec> parameters);

    /**
     * Whether this initializer fills a parameter that plans otherwise start at a constant (a normalization
     * layer's scale or shift, a residual gate, a scalar bias). Kernels and biases of dense and convolution
     * layers are the initializer's anyway.
     *
     * @param parameter a parameter the plan would start at a constant
     * @return whether this initializer fills it instead; by default none
     */
    default boolean claims(ParameterSpec parameter) {
        return false;
    }
}
