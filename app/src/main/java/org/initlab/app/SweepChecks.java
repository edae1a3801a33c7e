package org.initlab.app;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.initlab.core.experiment.ComparisonRunner;
import org.initlab.core.experiment.ExperimentConfig;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.limits.MemoryBudget;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.sweep.SweepTrial;
import org.initlab.core.train.TrainingConfig;

/**
 * Checks every distinct setting of a sweep before the first trial trains: model specs parse, optimizers parse,
 * initializers resolve and fill every parameter of their network, the seeds stay below the largest seed and
 * the model fits the heap (compare's own checks, per distinct setting). A problem is one line that names the grid
 * point, so a typo in one corner of the grid fails at once instead of after hours of training.
 */
final class SweepChecks {
    private SweepChecks() {
    }

    static void check(List<SweepTrial> trials, int seeds, ComparisonRunner comparisons) {
        Set<List<Object>> seen = new HashSet<>();
        for (SweepTrial t : trials) {
            TrialSpec s = t.spec();
            if (!seen.add(List.of(s.model(), s.weightInit(), s.biasInit(), s.rules(), s.optimizer(), s.epochs(),
                    s.batchSize()))) {
                continue;
            }
            try {
                ExperimentConfig config = new ExperimentConfig(ModelSpec.parse(s.model()), List.of(s.weightInit()),
                        s.biasInit(), seeds, s.seed(), new TrainingConfig(s.epochs(), s.batchSize(),
                        OptimizerSpec.parse(s.optimizer())), s.rules());
                ResourceChecks.compare(config, MemoryBudget.ofRuntime());
                comparisons.checkedPlans(config);
            } catch (IllegalArgumentException e) {
                String where = t.point().label().isEmpty() ? "" : "grid point " + t.point().label() + ": ";
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
    }
}
