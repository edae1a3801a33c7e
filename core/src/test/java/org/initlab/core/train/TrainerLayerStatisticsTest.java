package org.initlab.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.inspect.LayerDiagnostics;
import org.initlab.core.inspect.LayerStatistics;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;

class TrainerLayerStatisticsTest {
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
    private final Network network = ModelSpec.parse("mlp:2-3-2:tanh");
    private final TrainingConfig config = new TrainingConfig(3, 4, OptimizerSpec.parse("sgd"));

    private static Dataset data() {
        float[] x = new float[20];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = (i % 3) - 1;
            y[i] = i % 2;
        }
        return Dataset.of("ten", x, y, List.of(2), 2);
    }

    private InitializationPlan plan(String weights) {
        return InitializationPlan.of(registry.resolve(weights), registry.resolve("zeros"));
    }

    /** A backend whose every step multiplies all weights by 1.1, so the update ratio is known. */
    static final class GrowingBackend implements Backend {
        ParameterSet initial;

        @Override
        public String name() {
            return "growing";
        }

        @Override
        public String device() {
            return "none";
        }

        @Override
        public TrainingSession open(Network network, ParameterSet initial, OptimizerSpec optimizer, int maxBatch,
                                    long seed) {
            this.initial = initial.copy();
            ParameterSet state = initial.copy();
            return new TrainingSession() {
                @Override
                public double trainStep(float[] inputs, int[] labels, int batchSize) {
                    for (ParameterTensor t : state.tensors()) {
                        float[] v = t.values();
                        for (int k = 0; k < v.length; k++) {
                            v[k] *= 1.1f;
                        }
                    }
                    return 0.5;
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
                    return state.copy();
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

    /** Collects layer statistics by epoch. */
    static final class Collector implements TrainingListener {
        final Map<Integer, List<LayerStatistics>> byEpoch = new TreeMap<>();
        final List<String> events = new ArrayList<>();
        private final boolean wants;

        Collector(boolean wants) {
            this.wants = wants;
        }

        @Override
        public boolean wantsLayerStatistics() {
            return wants;
        }

        @Override
        public void trialStarted(String init, long seed, int epochs, int steps) {
            events.add("started");
        }

        @Override
        public void epochFinished(EpochResult result) {
            events.add("epoch " + result.epoch());
        }

        @Override
        public void layerStatistics(int epoch, List<LayerStatistics> stats) {
            events.add("stats " + epoch);
            byEpoch.put(epoch, stats);
        }
    }

    @Test
    void layerStatisticsAreComputedOnlyForListenersThatAskForThem() {
        Collector quiet = new Collector(false);
        new Trainer().train(new GrowingBackend(), network, plan("he-normal"), 1, data(), data(), config, quiet);
        assertThat(quiet.byEpoch).isEmpty();
    }

    @Test
    void statisticsAtInitializationAndAfterEveryEpochCarryTheUpdateRatio() {
        Collector collector = new Collector(true);
        TrialResult r = new Trainer().train(new GrowingBackend(), network, plan("xavier-normal"), 1, data(), data(),
                config, collector);
        assertThat(r.status()).isEqualTo(TrialStatus.OK);
        assertThat(collector.byEpoch).containsOnlyKeys(0, 1, 2, 3);
        assertThat(collector.events).containsExactly("started", "stats 0", "epoch 1", "stats 1", "epoch 2", "stats 2",
                "epoch 3", "stats 3");
        List<LayerStatistics> initial = collector.byEpoch.get(0);
        assertThat(initial).extracting(LayerStatistics::name).containsExactly("0", "2");
        assertThat(initial.get(0).weightStdTheory()).isPresent();
        assertThat(initial.get(0).updateRatio()).isEmpty();
        // three steps per epoch (10 samples, batch 4), each multiplying the weights by 1.1
        double expected = 1.1 * 1.1 * 1.1 - 1;
        for (int epoch = 1; epoch <= 3; epoch++) {
            for (LayerStatistics l : collector.byEpoch.get(epoch)) {
                assertThat(l.updateRatio().getAsDouble()).as("epoch %d layer %d", epoch, l.index())
                        .isCloseTo(expected, within(1e-5));
                assertThat(l.weightStdTheory()).isEmpty();
            }
        }
        assertThat(collector.byEpoch.get(3).get(0).weightStd())
                .isCloseTo(initial.get(0).weightStd() * Math.pow(1.1, 9), within(1e-4));
    }

    @Test
    void lsuvRefinesOnAProbeOfTrainingSamplesBeforeTheBackendSeesTheWeights() {
        GrowingBackend backend = new GrowingBackend();
        TrialResult r = new Trainer().train(backend, network, plan("lsuv(pre=xavier-normal, tol=0.01)"), 3, data(),
                data(), config, TrainingListener.NONE);
        assertThat(r.status()).isEqualTo(TrialStatus.OK);
        // the probe is min(256, 10) = all ten training samples, so the variance is the same on the whole set
        for (LayerStatistics l : LayerDiagnostics.measure(network, backend.initial, data())) {
            assertThat(l.preactivationStd() * l.preactivationStd()).as("layer %d", l.index())
                    .isCloseTo(1, within(0.01));
        }
        List<Double> before = new ArrayList<>();
        for (float v : plan("xavier-normal").materialize(network, 3).values("0.weight")) {
            before.add((double) v);
        }
        assertThat(backend.initial.values("0.weight")[0]).isNotEqualTo(before.get(0).floatValue());
    }
}
