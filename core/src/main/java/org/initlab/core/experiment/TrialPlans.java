package org.initlab.core.experiment;

import java.util.List;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;

/** Builds initialization plans from spec strings; shared by {@link ComparisonRunner} and {@link LocalTrialRunner}. */
final class TrialPlans {
    private TrialPlans() {
    }

    static InitializationPlan plan(InitializerRegistry registry, String weights, String bias, List<String> rules) {
        return new InitializationPlan(registry.resolve(weights), registry.resolve(bias),
                InitializationPlan.ParameterOverride.parseAll(rules, registry));
    }
}
