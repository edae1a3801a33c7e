package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import org.apiguardian.api.API;
import org.initlab.core.backend.Backend;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerFailedException;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.NamedInitializer;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * Runs a comparison trial by trial (initializer-major, then seed) through a {@link TrialRunner}. All
 * initializer specs are resolved before the first trial, so a typo fails at once instead of after an hour of
 * training. A trial whose initializer does not fit the network is recorded as {@link TrialStatus#FAILED} and
 * the comparison goes on.
 *
 * <p>Stopping: when the listener throws a {@link CancellationException} or the thread is interrupted, the
 * trial in progress is abandoned and the result holds the trials finished so far
 * ({@link ComparisonResult#complete()} is {@code false}).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ComparisonRunner {
    private final InitializerRegistry registry;
    private final Trainer trainer;

    /**
     * @param registry resolves initializer specs
     * @param trainer  trains each trial of {@link #run(ExperimentConfig, Backend, Dataset, Dataset,
     *                 TrainingListener)}
     */
    public ComparisonRunner(InitializerRegistry registry, Trainer trainer) {
        this.registry = registry;
        this.trainer = trainer;
    }

    /**
     * Resolves every spec of a config, failing on the first bad one.
     *
     * @param config the experiment
     * @return the resolved plans by canonical weight spec, in order
     * @throws IllegalArgumentException for a bad spec (the message names it)
     */
    public Map<String, InitializationPlan> plans(ExperimentConfig config) {
        NamedInitializer bias = registry.resolve(config.biasInit());
        List<InitializationPlan.ParameterOverride> overrides =
                InitializationPlan.ParameterOverride.parseAll(config.rules(), registry);
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
     * {@link #plans} that also fills every plan once with the config's first seed, so that an initializer that
     * does not fit a parameter of the network (a 4-D-only initializer on a dense layer, say) is reported before
     * any trial trains. Plans that need probe data (LSUV) are only resolved here; their trials check them. An
     * initializer that throws anything else ({@link InitializerFailedException}) is left to its trials, which
     * fail while the others run.
     *
     * @param config the experiment
     * @return the resolved plans by canonical weight spec, in order
     * @throws IllegalArgumentException for a bad spec or an initializer that cannot fill a parameter (the
     *                                  message names the initializer and the parameter)
     */
    public Map<String, InitializationPlan> checkedPlans(ExperimentConfig config) {
        Map<String, InitializationPlan> plans = plans(config);
        for (InitializationPlan plan : plans.values()) {
            if (!plan.needsData(config.network())) {
                try {
                    plan.materialize(config.network(), config.firstSeed());
                } catch (InitializerFailedException e) {
                    // not a refusal of the input but a broken initializer: its trials fail, the others run
                }
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
        return InitializationPlan.ParameterOverride.parse(rule, registry);
    }

    /**
     * The trials of a comparison, in run order (initializer-major, then seed), with canonical initializer
     * specs.
     *
     * @param config  the experiment
     * @param backend the backend's name
     * @return one spec per initializer and seed
     * @throws IllegalArgumentException for a bad initializer spec or rule
     */
    public List<TrialSpec> trials(ExperimentConfig config, String backend) {
        List<TrialSpec> specs = new ArrayList<>();
        for (String init : plans(config).keySet()) {
            for (long seed : config.seeds()) {
                specs.add(new TrialSpec(config.network().spec(), init, config.biasInit(), config.rules(), seed,
                        config.training().epochs(), config.training().batchSize(),
                        config.training().optimizer().spec(), backend, config.training().parametrization().spec()));
            }
        }
        return List.copyOf(specs);
    }

    /**
     * Runs every trial in this thread on one backend.
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
        Trainer.checkData(config.network(), train, "training");
        Trainer.checkData(config.network(), test, "test");
        return run(config, backend.name(), backend.device(),
                new LocalTrialRunner(registry, trainer, backend, train, test), Map.of(), listener, (s, r) -> { });
    }

    /**
     * Runs the trials of a comparison that are not finished yet.
     *
     * @param config     the experiment
     * @param backend    the backend's name
     * @param device     the device, for the result
     * @param runner     runs each trial
     * @param finished   results of trials finished earlier (e.g. read from a journal); they are not run again
     * @param listener   progress receiver
     * @param onFinished told of every trial that finished in this run, before the next one starts
     * @return the finished and the new trials, in run order
     * @throws IllegalArgumentException for a bad initializer spec or rule
     */
    public ComparisonResult run(ExperimentConfig config, String backend, String device, TrialRunner runner,
                                Map<TrialSpec, TrialResult> finished, TrainingListener listener,
                                BiConsumer<TrialSpec, TrialResult> onFinished) {
        List<TrialSpec> specs = trials(config, backend);
        long start = System.nanoTime();
        Map<String, List<TrialResult>> byInit = new LinkedHashMap<>();
        List<TrialResult> trials = new ArrayList<>();
        for (TrialSpec spec : specs) {
            TrialResult result = finished.get(spec);
            if (result == null) {
                try {
                    result = runner.run(spec, listener);
                } catch (CancellationException e) {
                    break;
                }
                if (Thread.currentThread().isInterrupted() && result.status() == TrialStatus.FAILED) {
                    break;
                }
                onFinished.accept(spec, result);
            }
            trials.add(result);
            byInit.computeIfAbsent(spec.weightInit(), k -> new ArrayList<>()).add(result);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        List<InitSummary> summaries = new ArrayList<>();
        byInit.forEach((init, results) -> summaries.add(InitSummary.of(init, results)));
        return new ComparisonResult(config, backend, device, summaries, trials, (System.nanoTime() - start) / 1e9,
                trials.size() == specs.size());
    }
}
