package org.initlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

/** A finite loss far above the first one also ends a trial as diverged (issue 12, item 7). */
class DivergenceBoundTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
    private final Network network = ModelSpec.parse("mlp:2-3-2:relu");
    private final InitializationPlan plan = InitializationPlan.of(registry.resolve("he-normal"),
            registry.resolve("zeros"));
    private final TrainingConfig config = new TrainingConfig(3, 4, OptimizerSpec.parse("sgd"));

    private static Dataset data() {
        float[] x = new float[20];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            y[i] = i % 2;
        }
        return Dataset.of("ten", x, y, List.of(2), 2);
    }

    private TrialResult train(double... losses) {
        return new Trainer().train(new TrainerTest.ScriptedBackend(losses), network, plan, 1, data(), data(), config,
                TrainingListener.NONE);
    }

    @Test
    void aLossAMillionTimesTheFirstIsDiverged() {
        TrialResult r = train(2.0, 2.5, 2.0 * Trainer.DIVERGENCE_FACTOR * 1.5);
        assertThat(r.status()).isEqualTo(TrialStatus.DIVERGED);
        assertThat(r.message().orElseThrow()).startsWith("training loss became 3000000.0 at epoch 1, step 3")
                .contains("more than 1000000.0 x max(first loss 2.0, 1)");
    }

    @Test
    void aLossJustBelowTheBoundTrainsOn() {
        TrialResult r = train(2.0, 2.0 * Trainer.DIVERGENCE_FACTOR * 0.99, 1.0);
        assertThat(r.status()).isEqualTo(TrialStatus.OK);
        assertThat(r.epochs()).hasSize(3);
    }

    @Test
    void aTinyFirstLossDoesNotMakeOrdinaryLossesDiverge() {
        // the bound is relative to max(first loss, 1): a first loss near 0 must not flag a loss of 0.5
        assertThat(train(1e-9, 0.5, 0.4).status()).isEqualTo(TrialStatus.OK);
        assertThat(Trainer.divergenceBound(1e-9)).isEqualTo(Trainer.DIVERGENCE_FACTOR);
        assertThat(Trainer.divergenceBound(3)).isEqualTo(3 * Trainer.DIVERGENCE_FACTOR);
    }
}
