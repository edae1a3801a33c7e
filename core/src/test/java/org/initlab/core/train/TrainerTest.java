package org.initlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
    private final Network network = ModelSpec.parse("mlp:2-3-2:relu");
    private final InitializationPlan plan = InitializationPlan.of(registry.resolve("he-normal"),
            registry.resolve("zeros"));
    private final TrainingConfig config = new TrainingConfig(3, 4, OptimizerSpec.parse("sgd"));

    /** 10 samples whose first feature is the sample index, so the batches reveal the data order. */
    private static Dataset data() {
        float[] x = new float[20];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            y[i] = i % 2;
        }
        return Dataset.of("ten", x, y, List.of(2), 2);
    }

    /** Records every batch and returns scripted losses. */
    static final class ScriptedBackend implements Backend {
        final List<List<Integer>> batches = new ArrayList<>();
        final double[] losses;
        ParameterSet initial;

        ScriptedBackend(double... losses) {
            this.losses = losses;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public String device() {
            return "none";
        }

        @Override
        public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer, int maxBatch,
                                    long seed) {
            this.initial = initial;
            return new TrainingSession() {
                @Override
                public double trainStep(float[] inputs, int[] labels, int batchSize) {
                    List<Integer> ids = new ArrayList<>();
                    for (int b = 0; b < batchSize; b++) {
                        ids.add((int) inputs[2 * b]);
                    }
                    batches.add(ids);
                    return losses[Math.min(batches.size() - 1, losses.length - 1)];
                }

                @Override
                public ParameterSet gradients(float[] inputs, int[] labels, int batchSize) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void forward(float[] inputs, int batchSize, float[] logits) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public BatchEvaluation evaluate(float[] inputs, int[] labels, int batchSize) {
                    return new BatchEvaluation(0.5 * batchSize, batchSize, batchSize);
                }

                @Override
                public ParameterSet parameters() {
                    return initial.copy();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public void close() {
        }
    }

    @Test
    void everyEpochVisitsEverySampleOnceInMiniBatchesWithASmallerLastOne() {
        ScriptedBackend backend = new ScriptedBackend(1.0);
        TrialResult r = new Trainer().train(backend, network, plan, 7, data(), data(), config, TrainingListener.NONE);
        assertThat(r.status()).isEqualTo(TrialStatus.OK);
        assertThat(r.epochs()).hasSize(3);
        assertThat(backend.batches).hasSize(9);
        assertThat(backend.batches).extracting(List::size).containsExactly(4, 4, 2, 4, 4, 2, 4, 4, 2);
        List<Integer> firstEpoch = new ArrayList<>();
        backend.batches.subList(0, 3).forEach(firstEpoch::addAll);
        assertThat(firstEpoch).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(r.epochs().get(0).trainLoss()).isEqualTo(1.0);
        assertThat(r.epochs().get(0).testAccuracy()).isEqualTo(1.0);
        assertThat(r.epochsToReach(0.9)).hasValue(1);
    }

    @Test
    void theSameSeedGivesTheSameDataOrderAndAnotherSeedAnother() {
        ScriptedBackend a = new ScriptedBackend(1.0);
        ScriptedBackend b = new ScriptedBackend(1.0);
        ScriptedBackend c = new ScriptedBackend(1.0);
        new Trainer().train(a, network, plan, 7, data(), data(), config, TrainingListener.NONE);
        new Trainer().train(b, network, plan, 7, data(), data(), config, TrainingListener.NONE);
        new Trainer().train(c, network, plan, 8, data(), data(), config, TrainingListener.NONE);
        assertThat(a.batches).isEqualTo(b.batches);
        assertThat(a.batches).isNotEqualTo(c.batches);
        assertThat(a.initial.values("0.weight")).isEqualTo(b.initial.values("0.weight"));
    }

    @Test
    void aNonFiniteLossStopsTheTrialAsDiverged() {
        ScriptedBackend backend = new ScriptedBackend(1.0, 1.0, 1.0, 1.0, Double.NaN);
        List<TrialResult> finished = new ArrayList<>();
        TrialResult r = new Trainer().train(backend, network, plan, 1, data(), data(), config,
                new TrainingListener() {
                    @Override
                    public void trialFinished(TrialResult result) {
                        finished.add(result);
                    }
                });
        assertThat(r.status()).isEqualTo(TrialStatus.DIVERGED);
        assertThat(r.epochs()).hasSize(1);
        assertThat(r.message()).hasValue("training loss became NaN at epoch 2, step 2");
        assertThat(backend.batches).hasSize(5);
        assertThat(finished).containsExactly(r);
    }

    @Test
    void dataThatDoesNotFitTheModelIsRejectedBeforeTraining() {
        Dataset wide = Dataset.of("wide", new float[6], new int[2], List.of(3), 2);
        assertThatThrownBy(() -> new Trainer().train(new ScriptedBackend(1), network, plan, 1, wide, wide, config,
                TrainingListener.NONE))
                .hasMessage("training data 'wide' has 3 features per sample but model mlp:2-3-2:relu expects 2");
        Optional<String> none = Optional.empty();
        assertThat(none).isEmpty();
    }
}
