package org.initlab.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.NamedInitializer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.width.Parametrization;
import org.initlab.core.width.WidthScaling;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that say which network a command builds and how it is initialized, declared once for
 * {@code compare} and {@code inspect} (a picocli mixin): {@code --model SPEC} (the {@link ModelOption} mixin,
 * which bench shares), {@code --init SPECS} (a comma list, repeatable; default {@value #DEFAULT_INITS}),
 * {@code --bias-init SPEC} (default {@code zeros}), {@code --init-rule GLOB=SPEC} (repeatable) and
 * {@code --parametrization SPEC} (default {@code sp}). Experiment files name them {@code model}, {@code init},
 * {@code bias_init}, {@code init_rules} and {@code parametrization}. Sweep's options of these
 * names are templates (one weight initializer, default he-normal) and {@code sample}'s {@code --init} is one
 * required spec, so both keep their own declarations.
 */
final class NetworkOptions {
    /** The initializers of the classic experiment. */
    static final String DEFAULT_INITS = "zeros,normal(std=0.01),xavier-normal,he-normal";
    /** The parametrization unless told otherwise. */
    static final String DEFAULT_PARAMETRIZATION = "sp";
    /** The bias initializer unless told otherwise. */
    static final String DEFAULT_BIAS_INIT = "zeros";

    /** --model, first in the help as before. */
    @Mixin
    ModelOption modelOption = new ModelOption();

    @Option(names = "--init", paramLabel = "SPECS",
            description = "Weight initializers, a comma list (repeatable), e.g. 'he-normal,normal(std=0.01)' or "
                    + "'lsuv(pre=he-normal)' (compare and inspect default to " + DEFAULT_INITS + "; init takes "
                    + "exactly one).")
    List<String> inits = new ArrayList<>();

    @Option(names = "--bias-init", paramLabel = "SPEC", defaultValue = DEFAULT_BIAS_INIT,
            description = "Bias initializer (default: ${DEFAULT-VALUE}).")
    String biasInit = DEFAULT_BIAS_INIT;

    @Option(names = "--init-rule", paramLabel = "GLOB=SPEC",
            description = "Per-parameter override on top of --init and --bias-init (repeatable; first match wins), "
                    + "with globs on PyTorch-style parameter paths such as 0.weight, 4.bias: "
                    + "'4.weight=xavier-normal', '*.bias=constant(0.1)'. See 'initlab list' for the specs.")
    List<String> rules = new ArrayList<>();

    @Option(names = "--parametrization", paramLabel = "SPEC", defaultValue = DEFAULT_PARAMETRIZATION,
            description = "Width parametrization: sp (standard), ntk (Jacot et al. 2018) or mup (maximal update, "
                    + "Yang et al. 2022), each with an optional base_width=N, e.g. 'mup(base_width=64)': forward "
                    + "multipliers, initial-value factors and per-layer learning rates of dense layers "
                    + "(docs/reference/parametrizations.md; default: ${DEFAULT-VALUE}).")
    String parametrization = DEFAULT_PARAMETRIZATION;

    /**
     * @return the network {@code --model} describes
     * @throws IllegalArgumentException for a spec that does not parse
     */
    Network network() {
        return modelOption.network();
    }

    /**
     * @return the parametrization {@code --parametrization} names
     * @throws IllegalArgumentException for an unknown name or a bad option
     */
    Parametrization parametrization() {
        return Parametrization.parse(parametrization);
    }

    /**
     * @param optimizer the optimizer the network trains with (init and inspect pass none: the network and the
     *                  initial values do not depend on it)
     * @return the parametrization applied to the network {@code --model} describes
     * @throws IllegalArgumentException for a bad spec, or a parametrization the network does not fit
     */
    WidthScaling widthScaling(Optional<OptimizerSpec> optimizer) {
        Parametrization p = parametrization();
        return optimizer.map(o -> p.apply(network(), o)).orElseGet(() -> p.apply(network()));
    }

    /**
     * @return the weight initializer specs, each comma list split; the classic four when {@code --init} was not
     *         given
     * @throws IllegalArgumentException for an empty element of a list
     */
    List<String> weightSpecs() {
        return SpecLists.split(inits.isEmpty() ? List.of(DEFAULT_INITS) : inits);
    }

    /**
     * One plan per weight initializer, each with the bias initializer and the rules.
     *
     * @param registry resolves the specs
     * @return the plans, in the order of {@link #weightSpecs()}
     * @throws IllegalArgumentException for an unknown or malformed spec or rule
     */
    List<InitializationPlan> plans(InitializerRegistry registry) {
        List<String> specs = weightSpecs();
        NamedInitializer bias = registry.resolve(biasInit);
        List<InitializationPlan.ParameterOverride> overrides =
                InitializationPlan.ParameterOverride.parseAll(rules, registry);
        List<InitializationPlan> plans = new ArrayList<>();
        for (String spec : specs) {
            plans.add(new InitializationPlan(registry.resolve(spec), bias, overrides));
        }
        return plans;
    }
}
