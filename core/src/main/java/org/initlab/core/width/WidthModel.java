package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import java.util.function.LongFunction;
import org.apiguardian.api.API;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.ParameterGroups;

/**
 * One width of a coordinate check: the network as it runs (with its parametrization's forward multipliers),
 * its initial parameters for a seed, and the optimizer's per-parameter multipliers.
 *
 * @param width             the width the network stands for (the x axis of the check), {@code >= 1}
 * @param network           the network
 * @param initialParameters the initial parameters for a seed, in the network's parameter order
 * @param groups            the per-parameter learning-rate and weight-decay multipliers
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record WidthModel(int width, Network network, LongFunction<ParameterSet> initialParameters,
                         ParameterGroups groups) {
    /** Validates the components. */
    public WidthModel {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(initialParameters, "initialParameters");
        Objects.requireNonNull(groups, "groups");
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
    }
}
