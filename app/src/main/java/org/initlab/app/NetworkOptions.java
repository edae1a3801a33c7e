package org.initlab.app;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.NamedInitializer;
import org.initlab.core.model.Network;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options that say which network a command builds and how it is initialized, declared once for
 * {@code compare} and {@code inspect} (a picocli mixin): {@code --model SPEC} (the {@link ModelOption} mixin,
 * which bench shares), {@code --init SPECS} (a comma list, repeatable; default {@value #DEFAULT_INITS}),
 * {@code --bias-init SPEC} (default {@code zeros}) and {@code --init-rule GLOB=SPEC} (repeatable). Experiment
 * files name them {@code model}, {@code init}, {@code bias_init} and {@code init_rules}. Sweep's options of these
 * names are templates (one weight initializer, default he-normal) and {@code sample}'s {@code --init} is one
 * required spec, so both keep their own declarations.
 */
final class NetworkOptions {
    /** The initializers of the classic experiment. */
    static final String DEFAULT_INITS = "zeros,normal(std=0.01),xavier-normal,he-normal";
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
                    + "'4.weight=xavier-normal', '*.bias=constant(0.1)'; in a vit, '*.attn.q.weight' (k, v, .bias) "
                    + "names the query rows of the fused self_attn.in_proj_weight (docs/reference/models.md). "
                    + "See 'initlab list' for the specs.")
    List<String> rules = new ArrayList<>();

    /**
     * @return the network {@code --model} describes
     * @throws IllegalArgumentException for a spec that does not parse
     */
    Network network() {
        return modelOption.network();
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
