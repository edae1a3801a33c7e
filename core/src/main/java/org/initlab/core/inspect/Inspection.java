package org.initlab.core.inspect;

import java.util.List;
import java.util.Objects;

/**
 * The diagnosis of one initializer on one network at initialization.
 *
 * @param init           the canonical spec of the weight initializer
 * @param layers         statistics per weighted (dense or convolution) layer, in order
 * @param verdict        one plain sentence computed from the numbers ({@code "signal vanishes: ..."},
 *                       {@code "healthy: ..."}), see {@link Verdicts#verdict}
 * @param recommendation the initializer the network's activation calls for, with the reason, see
 *                       {@link Verdicts#recommendation}
 */
public record Inspection(String init, List<LayerStatistics> layers, String verdict, String recommendation) {
    /** Validates and copies. */
    public Inspection {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(recommendation, "recommendation");
        layers = List.copyOf(layers);
    }
}
