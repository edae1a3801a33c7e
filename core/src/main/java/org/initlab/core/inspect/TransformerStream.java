package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.data.Dataset;
import org.initlab.core.host.HostTrace;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.TensorMoments;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.model.TransformerBlock;

/**
 * Measures every transformer block ({@link TransformerBlockStatistics}: the residual stream after each branch,
 * the attention's entropy and logit scale) from one forward pass of a batch on the host
 * ({@link org.initlab.core.host.HostNetwork}, double precision).
 */
@API(status = INTERNAL, since = "0.5")
public final class TransformerStream {
    private TransformerStream() {
    }

    /**
     * @param network    the network
     * @param parameters its parameters
     * @param batch      the samples to run (labels are not read)
     * @param threads    the most threads the host pass uses, {@code >= 1}
     * @return one entry per transformer block, in order; empty for a network without them (nothing is run)
     * @throws IllegalArgumentException when the batch does not fit the network
     */
    public static List<TransformerBlockStatistics> measure(Network network, ParameterSet parameters, Dataset batch,
                                                           int threads) {
        Objects.requireNonNull(parameters, "parameters");
        if (network.layers().stream().noneMatch(TransformerBlock.class::isInstance)) {
            return List.of();
        }
        HostTrace trace = ResidualStream.trace(network, parameters, batch, threads);
        List<TransformerBlockStatistics> blocks = new ArrayList<>();
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof TransformerBlock block) {
                int tokens = network.shapes().get(i).tokens();
                blocks.add(new TransformerBlockStatistics(blocks.size() + 1, Integer.toString(i),
                        describe(block, tokens), tokens, secondMoment(trace.layerInput(i)),
                        secondMoment(trace.attentionOutput(i)), secondMoment(trace.streamAfterAttention(i)),
                        secondMoment(trace.feedForwardOutput(i)), secondMoment(trace.streamAfterFeedForward(i)),
                        secondMoment(trace.layerOutput(i)), trace.meanAttentionEntropy(i),
                        TransformerBlockStatistics.uniformEntropy(tokens, block.causal()),
                        trace.attentionLogitStd(i)));
            }
        }
        return List.copyOf(blocks);
    }

    /** @return e.g. {@code pre-LN, 4 heads, 17 tokens} or {@code post-LN, causal, alpha 1.41, 4 heads, 16 tokens} */
    static String describe(TransformerBlock block, int tokens) {
        String norm = switch (block.norm()) {
            case PRE -> "pre-LN";
            case POST -> "post-LN";
            case NONE -> "no LN";
        };
        return norm + (block.causal() ? ", causal" : "") + (block.shortcutScale() != 1
                ? String.format(Locale.ROOT, ", alpha %.3g", block.shortcutScale()) : "") + ", " + block.heads()
                + " head" + (block.heads() == 1 ? "" : "s") + ", " + tokens + " token" + (tokens == 1 ? "" : "s");
    }

    private static double secondMoment(double[] values) {
        return TensorMoments.of(values).secondMoment();
    }
}
