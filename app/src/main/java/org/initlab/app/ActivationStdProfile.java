package org.initlab.app;

import java.util.List;
import java.util.Objects;

/**
 * The activation std of every weighted layer of one initializer at one moment (at initialization, or after
 * training), one row of the report's per-layer tables.
 *
 * @param init   the canonical weight spec, as the comparison names it
 * @param layers the layers' names ({@code nn.Sequential} indices), in order
 * @param stds   the activation std per layer, aligned with {@code layers} (NaN or infinite when not finite)
 */
record ActivationStdProfile(String init, List<String> layers, List<Double> stds) {
    /** Validates and copies. */
    ActivationStdProfile {
        Objects.requireNonNull(init, "init");
        layers = List.copyOf(layers);
        stds = List.copyOf(stds);
        if (layers.size() != stds.size()) {
            throw new IllegalArgumentException(layers.size() + " layers but " + stds.size() + " stds");
        }
    }

    /** @return the stds as an array, element {@code i} for layer {@code i + 1} */
    double[] values() {
        return stds.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
