package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.data.Dataset;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.host.HostTrace;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.TensorMoments;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;

/**
 * Measures the residual stream ({@link ResidualStreamStatistics}) of every residual block from one forward pass
 * of a batch on the host ({@link HostNetwork}, double precision, batch statistics, dropout as the identity).
 */
@API(status = INTERNAL, since = "0.4")
public final class ResidualStream {
    private ResidualStream() {
    }

    /**
     * @param network    the network
     * @param parameters its parameters
     * @param batch      the samples to run (labels are not read)
     * @param threads    the most threads the host pass uses, {@code >= 1}
     * @return one entry per residual block, in order; empty for a network without blocks (nothing is run)
     * @throws IllegalArgumentException when the batch does not fit the network
     */
    public static List<ResidualStreamStatistics> measure(Network network, ParameterSet parameters, Dataset batch,
                                                         int threads) {
        Objects.requireNonNull(parameters, "parameters");
        if (network.layers().stream().noneMatch(ResidualBlock.class::isInstance)) {
            return List.of();
        }
        if (batch.featureCount() != network.inputWidth() || batch.size() == 0) {
            throw new IllegalArgumentException("batch '" + batch.name() + "' has " + batch.size() + " samples of "
                    + batch.featureCount() + " features but model " + network.spec() + " needs samples of "
                    + network.inputWidth());
        }
        int n = batch.size();
        int width = batch.featureCount();
        float[] inputs = new float[n * width];
        for (int i = 0; i < n; i++) {
            batch.copyFeatures(i, inputs, i * width);
        }
        HostTrace trace;
        try (HostNetwork host = new HostNetwork(network, threads)) {
            trace = host.forward(parameters::values, inputs, n);
        }
        List<ResidualStreamStatistics> blocks = new ArrayList<>();
        List<Layer> layers = network.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof ResidualBlock block) {
                blocks.add(new ResidualStreamStatistics(blocks.size() + 1, Integer.toString(i), describe(block),
                        secondMoment(trace.layerInput(i)), secondMoment(trace.branchOutput(i)),
                        secondMoment(trace.shortcutOutput(i)), secondMoment(trace.residualSum(i)),
                        secondMoment(trace.layerOutput(i))));
            }
        }
        return List.copyOf(blocks);
    }

    /** @return {@code pre-activation, identity}, {@code post-activation relu, projection}, with {@code , gated} */
    static String describe(ResidualBlock block) {
        return (block.preActivation() ? "pre-activation" : "post-activation " + block.postActivation().get()
                .specName()) + (block.shortcut().isEmpty() ? ", identity" : ", projection")
                + (block.gated() ? ", gated" : "");
    }

    private static double secondMoment(double[] values) {
        return TensorMoments.of(values).secondMoment();
    }
}
