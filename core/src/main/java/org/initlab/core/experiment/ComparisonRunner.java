package org.initlab.core.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.initlab.core.backend.Backend;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.NamedInitializer;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * Runs a comparison trial by trial (initializer-major, then seed) on one backend. All initializer specs are
 * resolved and the data checked against the network before the first trial, so a typo fails at once instead
 * of after an hour of training. A trial
 * whose initializer does not fit the network is recorded as {@link TrialStatus#FAILED} and the comparison
 * goes on.
 */
public final class ComparisonRunner {
    private final InitializerRegistry registry;
    private final Trainer trainer;

    /**
     * @param registry resolves initializer specs
     * @param trainer  trains each trial
     */
    public ComparisonRunner(InitializerRegistry registry, Trainer trainer) {
        this.registry = registry;
        this.trainer = trainer;
    }

    /**
     * Resolves every spec of a config, failing on the first bad one.
     *
     * @param config the experiment
     * @return the resolved plans by weight spec, in order
     * @throws IllegalArgumentException for a bad spec (the message names it)
     */
    public Map<String, InitializationPlan> plans(ExperimentConfig config) {
        NamedInitializer bias = registry.resolve(config.biasInit());
        List<InitializationPlan.ParameterOverride> overrides = new ArrayList<>();
        for (String rule : config.rules()) {
            overrides.add(parseRule(rule));
        }
        Map<String, InitializationPlan> plans = new LinkedHashMap<>();
        for (String spec : config.inits()) {
            NamedInitializer weights = registry.resolve(spec);
            if (plans.putIfAbsent(weights.spec(), new InitializationPlan(weights, bias, overrides)) != null) {
                throw new IllegalArgumentException("initializer '" + spec + "' is listed twice");
            }
        }
        return plans;
    }

    /**
     * Parses a per-parameter rule {@code GLOB=SPEC}, e.g. {@code 4.weight=orthogonal} or
     * {@code *.bias=constant(0.1)}.
     *
     * @param rule the rule text
     * @return the override
     * @throws IllegalArgumentException for a rule without {@code =}, an empty glob or a bad spec
     */
    public InitializationPlan.ParameterOverride parseRule(String rule) {
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

    /**
     * Runs every trial.
     *
     * @param config   the experiment
     * @param backend  the backend
     * @param train    training data
     * @param test     test data
     * @param listener progress receiver
     * @return the results
     */
    public ComparisonResult run(ExperimentConfig config, Backend backend, Dataset train, Dataset test,
                                TrainingListener listener) {
        Map<String, InitializationPlan> plans = plans(config);
        Trainer.checkData(config.network(), train, "training");
        Trainer.checkData(config.network(), test, "test");
        long start = System.nanoTime();
        List<TrialResult> trials = new ArrayList<>();
        List<InitSummary> summaries = new ArrayList<>();
        for (Map.Entry<String, InitializationPlan> entry : plans.entrySet()) {
            List<TrialResult> mine = new ArrayList<>();
            for (long seed : config.seeds()) {
                TrialResult result;
                try {
                    result = trainer.train(backend, config.network(), entry.getValue(), seed, train, test,
                            config.training(), listener);
                } catch (IllegalArgumentException e) {
                    result = new TrialResult(entry.getKey(), seed, TrialStatus.FAILED, List.of(), 0, 0,
                            Optional.of(e.getMessage()));
                    listener.trialFinished(result);
                }
                mine.add(result);
                trials.add(result);
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
            summaries.add(InitSummary.of(entry.getKey(), mine));
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        return new ComparisonResult(config, backend.name(), backend.device(), summaries, trials,
                (System.nanoTime() - start) / 1e9);
    }
}
