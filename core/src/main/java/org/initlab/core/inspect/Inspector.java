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
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.width.Parametrization;
import org.initlab.core.width.WidthScaling;

/**
 * Diagnoses an initialization plan at initialization: materializes it (data-dependent initializers refine
 * on the same batch), runs one forward and one backward pass of the batch on the host, measures every weighted
 * layer ({@link LayerDiagnostics}), the residual stream through every residual block ({@link ResidualStream}) and
 * every transformer block's stream and attention ({@link TransformerStream}), and judges the result
 * ({@link Verdicts}, {@link ResidualVerdicts}, {@link TransformerVerdicts}).
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
        return inspect(Parametrization.standard().apply(network), plan, seed, batch, threads);
    }

    /**
     * Inspects a network under a width parametrization: its transformed network (dense input multipliers) with
     * the plan's values multiplied by the parametrization's initial-value factors, as a trial starts from them;
     * the expected standard deviations are the initializers' times those factors.
     *
     * @param scaling the parametrization applied to the network
     * @param plan    the initialization plan
     * @param seed    the seed the plan is materialized with
     * @param batch   the samples to run
     * @param threads the most threads the host passes use, {@code >= 1}
     * @return the statistics, verdict and recommendation
     * @throws IllegalArgumentException as {@link #inspect(Network, InitializationPlan, long, Dataset, int)}
     */
    public static Inspection inspect(WidthScaling scaling, InitializationPlan plan, long seed, Dataset batch,
                                     int threads) {
        Network network = scaling.network();
        ParameterSet parameters = scaling.scaleInitial(plan.materialize(network, seed, batch, threads));
        List<LayerStatistics> layers = LayerDiagnostics.measure(network, parameters, batch, p -> {
            OptionalDouble std = plan.initializerFor(p).initializer().expectedStd(p);
            return std.isPresent() ? OptionalDouble.of(std.getAsDouble() * scaling.initialMultiplierOf(p.path()))
                    : std;
        }, Optional.empty(), threads);
        List<ResidualStreamStatistics> stream = ResidualStream.measure(network, parameters, batch, threads);
        List<TransformerBlockStatistics> transformer = TransformerStream.measure(network, parameters, batch, threads);
        String init = plan.weights().spec();
        List<LayerStatistics> judged = judgedLayers(network, layers);
        String verdict = TransformerVerdicts.combine(ResidualVerdicts.combine(Verdicts.verdict(judged), stream),
                transformer);
        return new Inspection(init, layers, verdict,
                TransformerVerdicts.recommendation(ResidualVerdicts.recommendation(Verdicts.recommendation(judged,
                        init), init, stream), init, transformer), stream,
                ResidualVerdicts.verdict(stream), transformer, TransformerVerdicts.attentionVerdict(transformer),
                TransformerVerdicts.streamVerdict(transformer));
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
