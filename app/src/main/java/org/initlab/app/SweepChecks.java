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
import org.initlab.core.width.Parametrization;
import org.initlab.core.model.Network;

/**
 * Checks every distinct setting of a sweep before the first trial trains: model specs parse, optimizers parse,
 * parametrizations fit their network,
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
                    s.batchSize(), s.parametrization()))) {
                continue;
            }
            try {
                OptimizerSpec optimizer = OptimizerSpec.parse(s.optimizer());
                Parametrization parametrization = Parametrization.parse(s.parametrization());
                Network network = ModelSpec.parse(s.model());
                parametrization.apply(network, optimizer);
                ExperimentConfig config = new ExperimentConfig(network, List.of(s.weightInit()), s.biasInit(), seeds,
                        s.seed(), new TrainingConfig(s.epochs(), s.batchSize(), optimizer, parametrization), s.rules());
                ResourceChecks.compare(config, MemoryBudget.ofRuntime());
                comparisons.checkedPlans(config);
            } catch (IllegalArgumentException e) {
                String where = t.point().label().isEmpty() ? "" : "grid point " + t.point().label() + ": ";
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
    }
}
