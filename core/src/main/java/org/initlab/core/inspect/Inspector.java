package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
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
        return new Inspection(init, layers, ResidualVerdicts.combine(Verdicts.verdict(layers), stream),
                Verdicts.recommendation(layers, init), stream, ResidualVerdicts.verdict(stream));
    }
}
