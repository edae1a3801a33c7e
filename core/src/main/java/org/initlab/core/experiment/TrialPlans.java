package org.initlab.core.experiment;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;

/** Builds initialization plans from spec strings; shared by {@link ComparisonRunner} and {@link LocalTrialRunner}. */
final class TrialPlans {
    private TrialPlans() {
    }

    static InitializationPlan plan(InitializerRegistry registry, String weights, String bias, List<String> rules) {
        List<InitializationPlan.ParameterOverride> overrides = new ArrayList<>();
        for (String rule : rules) {
            overrides.add(rule(registry, rule));
        }
        return new InitializationPlan(registry.resolve(weights), registry.resolve(bias), overrides);
    }

    static InitializationPlan.ParameterOverride rule(InitializerRegistry registry, String rule) {
        int eq = rule.indexOf('=');
        if (eq <= 0 || rule.substring(0, eq).isBlank() || rule.substring(0, eq).contains("(")) {
            throw new IllegalArgumentException("bad init rule '" + rule + "': expected PATH_GLOB=SPEC, e.g. "
                    + "'4.weight=xavier-normal' or '*.bias=constant(0.1)'");
        }
        try {
            return new InitializationPlan.ParameterOverride(rule.substring(0, eq).strip(),
                    registry.resolve(rule.substring(eq + 1).strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad init rule '" + rule + "': " + e.getMessage(), e);
        }
    }
}
