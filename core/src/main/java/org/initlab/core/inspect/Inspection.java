package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The diagnosis of one initializer on one network at initialization.
 *
 * @param init           the canonical spec of the weight initializer
 * @param layers         statistics per weighted (dense or convolution) layer, in order
 * @param verdict        one plain sentence computed from the numbers ({@code "signal vanishes: ..."},
 *                       {@code "healthy: ..."}), see {@link Verdicts#verdict}
 * @param recommendation  the initializer the network's activation calls for, with the reason, see
 *                        {@link Verdicts#recommendation}
 * @param residualStream  the residual stream through every residual block, in order; empty for a network
 *                        without blocks
 * @param residualVerdict one sentence about the residual stream ({@link ResidualVerdicts#verdict}); empty for a
 *                        network without blocks. When the stream grows or shrinks, {@code verdict} says so too
 * @param transformerBlocks        every transformer block's stream and attention, in order; empty for a network
 *                                 without them
 * @param attentionVerdict         one sentence about the transformer's attention
 *                                 ({@link TransformerVerdicts#attentionVerdict}); empty without transformer blocks
 * @param transformerStreamVerdict one sentence about the residual stream through the transformer blocks
 *                                 ({@link TransformerVerdicts#streamVerdict}); empty without transformer blocks.
 *                                 When either names a problem, {@code verdict} says so too
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Inspection(String init, List<LayerStatistics> layers, String verdict, String recommendation,
                         List<ResidualStreamStatistics> residualStream, Optional<String> residualVerdict,
                         List<TransformerBlockStatistics> transformerBlocks, Optional<String> attentionVerdict,
                         Optional<String> transformerStreamVerdict) {
    /** Validates and copies. */
    public Inspection {
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(recommendation, "recommendation");
        Objects.requireNonNull(residualVerdict, "residualVerdict");
        Objects.requireNonNull(attentionVerdict, "attentionVerdict");
        Objects.requireNonNull(transformerStreamVerdict, "transformerStreamVerdict");
        layers = List.copyOf(layers);
        residualStream = List.copyOf(residualStream);
        transformerBlocks = List.copyOf(transformerBlocks);
    }

    /**
     * The diagnosis of a network without transformer blocks.
     *
     * @param init            the canonical spec of the weight initializer
     * @param layers          statistics per weighted layer, in order
     * @param verdict         one plain sentence computed from the numbers
     * @param recommendation  the initializer the network's activation calls for, with the reason
     * @param residualStream  the residual stream through every residual block, in order
     * @param residualVerdict one sentence about the residual stream; empty for a network without blocks
     */
    public Inspection(String init, List<LayerStatistics> layers, String verdict, String recommendation,
                      List<ResidualStreamStatistics> residualStream, Optional<String> residualVerdict) {
        this(init, layers, verdict, recommendation, residualStream, residualVerdict, List.of(), Optional.empty(),
                Optional.empty());
    }

    /**
     * The diagnosis of a network without residual or transformer blocks.
     *
     * @param init           the canonical spec of the weight initializer
     * @param layers         statistics per weighted layer, in order
     * @param verdict        one plain sentence computed from the numbers
     * @param recommendation the initializer the network's activation calls for, with the reason
     */
    public Inspection(String init, List<LayerStatistics> layers, String verdict, String recommendation) {
        this(init, layers, verdict, recommendation, List.of(), Optional.empty());
    }
}
