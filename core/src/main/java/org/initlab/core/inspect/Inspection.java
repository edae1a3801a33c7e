package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

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
@API(status = EXPERIMENTAL, since = "0.1")
public record Inspection(String init, List<LayerStatistics> layers, String verdict, String recommendation) {
    /** Validates and copies. */
    public Inspection {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(recommendation, "recommendation");
        layers = List.copyOf(layers);
    }
}
