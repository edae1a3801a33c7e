package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.TransformerBlock;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;

/**
 * Diagnoses an initialization plan at initialization: materializes it (data-dependent initializers refine
 * on the same batch), runs one forward and one backward pass of the batch on the host, measures every weighted
 * layer ({@link LayerDiagnostics}) and the residual stream through every residual block ({@link ResidualStream}),
 * and judges the result ({@link Verdicts}, {@link ResidualVerdicts}).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Inspector {
    private Inspector() {
    }

    /**
     * @param network the network
     * @param plan    the initialization plan
     * @param seed    the seed the plan is materialized with
     * @param batch   the samples to run; labels must be below the network's outputs
     * @return the statistics, verdict and recommendation
     * @throws IllegalArgumentException when the plan does not fit the network or the batch does not fit it
     */
    public static Inspection inspect(Network network, InitializationPlan plan, long seed, Dataset batch) {
        return inspect(network, plan, seed, batch, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Inspects like {@link #inspect(Network, InitializationPlan, long, Dataset)}, with the host passes (the
     * plan's data-dependent initializers and the measurement) on at most {@code threads} threads.
     *
     * @param network the network
     * @param plan    the initialization plan
     * @param seed    the seed the plan is materialized with
     * @param batch   the samples to run; labels must be below the network's outputs
     * @param threads the most threads the host passes use (the user's {@code --threads}), {@code >= 1}
     * @return the statistics, verdict and recommendation
     * @throws IllegalArgumentException when the plan does not fit the network, the batch does not fit it, or
     *                                  threads is below 1
     */
    public static Inspection inspect(Network network, InitializationPlan plan, long seed, Dataset batch,
                                     int threads) {
        ParameterSet parameters = plan.materialize(network, seed, batch, threads);
        List<LayerStatistics> layers = LayerDiagnostics.measure(network, parameters, batch,
                p -> plan.initializerFor(p).initializer().expectedStd(p), Optional.empty(), threads);
        List<ResidualStreamStatistics> stream = ResidualStream.measure(network, parameters, batch, threads);
        String init = plan.weights().spec();
        List<LayerStatistics> judged = judgedLayers(network, layers);
        return new Inspection(init, layers, ResidualVerdicts.combine(Verdicts.verdict(judged), stream),
                ResidualVerdicts.recommendation(Verdicts.recommendation(judged, init), init, stream), stream,
                ResidualVerdicts.verdict(stream));
    }

    /**
     * The layers the per-layer verdict judges: all of them, except in a residual network the last weighted layer
     * of each branch (a transformer block's {@code out_proj} and {@code linear2}). Its output is not a hidden signal but a summand of the residual stream (the stream's own
     * verdict judges it), and Fixup zeroes it, SkipInit and ReZero gate it to zero on purpose: its units are
     * not symmetric (each feeds its own coordinate of the stream) and its signal does not vanish.
     */
    private static List<LayerStatistics> judgedLayers(Network network, List<LayerStatistics> layers) {
        Set<String> branchEnds = new HashSet<>();
        for (int i = 0; i < network.layers().size(); i++) {
            if (network.layers().get(i) instanceof ResidualBlock block) {
                List<Layer> branch = block.branch();
                for (int j = branch.size() - 1; j >= 0; j--) {
                    if (branch.get(j) instanceof DenseLayer || branch.get(j) instanceof Conv2dLayer) {
                        branchEnds.add(i + ".branch." + j);
                        break;
                    }
                }
            } else if (network.layers().get(i) instanceof TransformerBlock) {
                branchEnds.add(i + ".self_attn.out_proj");
                branchEnds.add(i + ".linear2");
            }
        }
        List<LayerStatistics> judged = layers.stream().filter(l -> !branchEnds.contains(l.name())).toList();
        return judged.size() >= 2 ? judged : layers;
    }
}
