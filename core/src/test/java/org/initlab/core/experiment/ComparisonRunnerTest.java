package org.initlab.core.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingConfig;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;
import org.junit.jupiter.api.Test;

class ComparisonRunnerTest {
    private final ComparisonRunner runner = new ComparisonRunner(
            InitializerRegistry.load(getClass().getClassLoader()), new Trainer());
    private final ExperimentConfig config = new ExperimentConfig(ModelSpec.parse("mlp:4-8-2"),
            List.of("kaiming-normal", "zeros"), "zeros", 2, 5,
            new TrainingConfig(3, 16, OptimizerSpec.parse("sgd(lr=0.1)")), List.of("*.bias=zeros"));

    private static TrialResult fake(TrialSpec spec) {
        return new TrialResult(spec.weightInit(), spec.seed(), TrialStatus.OK,
                List.of(new EpochResult(1, 0.5, 0.6, 0.7 + spec.seed() / 100.0, 0.1)), 0.1, 100, Optional.empty());
    }

    @Test
    void trialsAreSelfContainedSpecsInInitializerMajorOrderWithCanonicalSpecs() {
        List<TrialSpec> trials = runner.trials(config, "native");
        assertThat(trials).extracting(TrialSpec::key)
                .containsExactly("he-normal seed 5", "he-normal seed 6", "zeros seed 5", "zeros seed 6");
        TrialSpec first = trials.get(0);
        assertThat(first).isEqualTo(new TrialSpec("mlp:4-8-2", "he-normal", "zeros", List.of("*.bias=zeros"), 5, 3, 16,
                "sgd(lr=0.1)", "native"));
        assertThat(first.sameExperimentAs(trials.get(3))).isTrue();
        TrialSpec other = new TrialSpec("mlp:4-8-2", "he-normal", "zeros", List.of("*.bias=zeros"), 5, 4, 16,
                "sgd(lr=0.1)", "native");
        assertThat(first.firstDifference(other)).contains("epochs: 3 vs 4");
    }

    @Test
    void twoSpellingsOfOneInitializerAreOneCanonicalSpecAndListedTwice() {
        ExperimentConfig spelled = new ExperimentConfig(ModelSpec.parse("mlp:4-8-2"),
                List.of("he-uniform(0, fan_in, leaky_relu)", "normal(0, .010)"), "zeros", 1, 5,
                new TrainingConfig(1, 16, OptimizerSpec.parse("sgd(lr=0.1)")), List.of());
        assertThat(runner.plans(spelled)).containsOnlyKeys("he-uniform", "normal(std=0.01)");
        ExperimentConfig twice = new ExperimentConfig(ModelSpec.parse("mlp:4-8-2"),
                List.of("he-normal", "kaiming-normal(a=0)"), "zeros", 1, 5,
                new TrainingConfig(1, 16, OptimizerSpec.parse("sgd(lr=0.1)")), List.of());
        assertThatThrownBy(() -> runner.plans(twice)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initializer 'kaiming-normal(a=0)' is listed twice");
    }

    @Test
    void finishedTrialsAreNotRunAgainAndKeepTheirPlaceInTheResult() {
        List<TrialSpec> trials = runner.trials(config, "native");
        Map<TrialSpec, TrialResult> finished = new LinkedHashMap<>();
        finished.put(trials.get(1), fake(trials.get(1)));
        List<TrialSpec> ran = new ArrayList<>();
        List<TrialSpec> reported = new ArrayList<>();
        ComparisonResult result = runner.run(config, "native", "cpu", (spec, listener) -> {
            ran.add(spec);
            return fake(spec);
        }, finished, TrainingListener.NONE, (spec, r) -> reported.add(spec));
        assertThat(ran).containsExactly(trials.get(0), trials.get(2), trials.get(3));
        assertThat(reported).isEqualTo(ran);
        assertThat(result.complete()).isTrue();
        assertThat(result.trials()).extracting(TrialResult::seed).containsExactly(5L, 6L, 5L, 6L);
        assertThat(result.summary()).extracting(InitSummary::init).containsExactly("he-normal", "zeros");
        assertThat(result.summary().get(0).trials()).isEqualTo(2);
    }

    @Test
    void aCancelledTrialIsAbandonedAndTheFinishedOnesAreKept() {
        List<TrialSpec> reported = new ArrayList<>();
        int[] calls = {0};
        ComparisonResult result = runner.run(config, "native", "cpu", (spec, listener) -> {
            if (++calls[0] == 2) {
                throw new CancellationException("stop");
            }
            return fake(spec);
        }, Map.of(), TrainingListener.NONE, (spec, r) -> reported.add(spec));
        assertThat(reported).hasSize(1);
        assertThat(result.trials()).hasSize(1);
        assertThat(result.complete()).isFalse();
    }
}
