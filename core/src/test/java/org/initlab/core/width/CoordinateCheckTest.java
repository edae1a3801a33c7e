package org.initlab.core.width;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializationPlan;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;
import org.junit.jupiter.api.Test;

class CoordinateCheckTest {
    private static final double RATE = 0.01;
    private final InitializerRegistry registry = InitializerRegistry.load(getClass().getClassLoader());
    private final InitializationPlan plan = InitializationPlan.of(registry.resolve("he-normal"),
            registry.resolve("zeros"));
    private final CoordinateCheckSettings settings = new CoordinateCheckSettings(OptimizerSpec.parse("sgd"), 2, 2, 3);

    /** 20 samples of 3 features whose first feature is the sample index, so the batches reveal the order. */
    private static Dataset data(String name, int offset) {
        float[] x = new float[60];
        int[] y = new int[20];
        for (int i = 0; i < 20; i++) {
            x[3 * i] = offset + i;
            x[3 * i + 1] = (float) Math.sin(i + offset);
            x[3 * i + 2] = (float) Math.cos(3 * i + offset);
            y[i] = i % 2;
        }
        return Dataset.of(name, x, y, List.of(3), 2);
    }

    private WidthModel model(int width, String spec) {
        Network network = ModelSpec.parse(spec.replace("{w}", Integer.toString(width)));
        return new WidthModel(width, network, seed -> plan.materialize(network, seed), ParameterGroups.uniform());
    }

    private List<WidthModel> models(int... widths) {
        List<WidthModel> models = new ArrayList<>();
        for (int w : widths) {
            models.add(model(w, "mlp:3-{w}-2:relu"));
        }
        return models;
    }

    /**
     * A backend whose every step multiplies every parameter by {@code 1 + RATE * hidden width}: with zero biases
     * and ReLU, the first layer's outputs grow by that factor per step and the logits by its square.
     */
    static final class GrowingBackend implements Backend {
        final List<String> opened = new ArrayList<>();
        final Map<String, List<Integer>> batches = new java.util.LinkedHashMap<>();

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
            int width = ((DenseLayer) network.layers().get(0)).outputs();
            float factor = (float) (1 + RATE * width);
            String key = "w" + width + " s" + seed;
            opened.add(key);
            List<Integer> samples = new ArrayList<>();
            batches.put(key, samples);
            List<ParameterTensor> state = new ArrayList<>(initial.copy().tensors());
            return new TrainingSession() {
                @Override
                public double trainStep(float[] inputs, int[] labels, int batchSize) {
                    for (int b = 0; b < batchSize; b++) {
                        samples.add((int) inputs[3 * b]);
                    }
                    for (ParameterTensor t : state) {
                        float[] v = t.values();
                        for (int k = 0; k < v.length; k++) {
                            v[k] *= factor;
                        }
                    }
                    return 1;
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
                    throw new UnsupportedOperationException();
                }

                @Override
                public ParameterSet parameters() {
                    return new ParameterSet(state).copy();
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
    void sizesFollowTheParametersThroughEveryStepFromInitialization() {
        GrowingBackend backend = new GrowingBackend();
        CoordinateCheckResult result = CoordinateCheck.run(models(8, 4), settings, backend, data("train", 0),
                data("probe", 100));
        assertThat(result.widths()).containsExactly(4, 8);
        assertThat(result.layers()).containsExactly(new ProbedLayer("0", "dense"), new ProbedLayer("1", "relu"),
                new ProbedLayer("2", "dense"));
        assertThat(backend.opened).containsExactly("w4 s0", "w8 s0", "w4 s1", "w8 s1");
        assertThat(result.samples()).hasSize(2 * 2 * 3 * 3);
        for (CoordinateSize s : result.samples()) {
            double f = 1 + RATE * s.width();
            // the first layer and its ReLU scale with f per step, the logits with f^2 (zero biases)
            double growth = Math.pow(f, s.layer().path().equals("2") ? 2 * s.step() : s.step());
            CoordinateSize initial = result.samples().stream().filter(o -> o.width() == s.width()
                    && o.seed().equals(s.seed()) && o.layer().equals(s.layer()) && o.step() == 0).findFirst()
                    .orElseThrow();
            assertThat(initial.meanAbs()).isPositive();
            assertThat(initial.meanAbsChange()).isZero();
            assertThat(s.meanAbs()).isCloseTo(growth * initial.meanAbs(), within(1e-5 * s.meanAbs()));
            assertThat(s.meanAbsChange()).isCloseTo((growth - 1) * initial.meanAbs(), within(1e-5 * s.meanAbs()));
        }
    }

    @Test
    void theMeansAverageTheSeedsAndTheBatchesDependOnlyOnTheSeed() {
        GrowingBackend backend = new GrowingBackend();
        CoordinateCheckResult result = CoordinateCheck.run(models(4, 8), settings, backend, data("train", 0),
                data("probe", 100));
        assertThat(backend.batches.get("w4 s0")).hasSize(6).doesNotHaveDuplicates()
                .isEqualTo(backend.batches.get("w8 s0"));
        assertThat(backend.batches.get("w4 s1")).isEqualTo(backend.batches.get("w8 s1"))
                .isNotEqualTo(backend.batches.get("w4 s0"));
        for (CoordinateSize mean : result.means()) {
            assertThat(mean.seed()).isEmpty();
            List<CoordinateSize> perSeed = result.samples().stream().filter(s -> s.width() == mean.width()
                    && s.step() == mean.step() && s.layer().equals(mean.layer())).toList();
            assertThat(perSeed).extracting(CoordinateSize::seed).containsExactly(OptionalLong.of(0), OptionalLong.of(1));
            assertThat(mean.meanAbs()).isCloseTo((perSeed.get(0).meanAbs() + perSeed.get(1).meanAbs()) / 2,
                    within(1e-15));
        }
        assertThat(result.trends()).hasSize(3).allSatisfy(t -> assertThat(t.changeExponents()).hasSize(2));
    }

    @Test
    void aChangeThatGrowsWithWidthIsJudgedGrowing() {
        // the first step's change of the logits is (f^2 - 1) |z0| with f - 1 = RATE * width: about width^1
        CoordinateCheckResult result = CoordinateCheck.run(models(16, 32, 64), settings, new GrowingBackend(),
                data("train", 0), data("probe", 100));
        WidthTrend logits = result.trends().get(2);
        assertThat(logits.verdict()).isEqualTo(WidthTrend.Verdict.GROWS);
        assertThat(logits.exponent()).isGreaterThan(0.7);
    }

    @Test
    void badInputIsOneLineNamingTheProblem() {
        GrowingBackend backend = new GrowingBackend();
        Dataset train = data("train", 0);
        assertThatThrownBy(() -> CoordinateCheck.run(models(4), settings, backend, train, train))
                .hasMessage("a coordinate check needs at least 2 different widths, got 1");
        assertThatThrownBy(() -> CoordinateCheck.run(models(4, 4), settings, backend, train, train))
                .hasMessage("width 4 is given twice");
        assertThatThrownBy(() -> CoordinateCheck.run(List.of(model(4, "mlp:3-{w}-2:relu"),
                model(8, "mlp:3-{w}-{w}-2:relu")), settings, backend, train, train))
                .hasMessageContaining("the networks of all widths must have the same layers");
        assertThatThrownBy(() -> CoordinateCheck.run(List.of(model(4, "mlp:5-{w}-2"), model(8, "mlp:5-{w}-2")),
                settings, backend, train, train)).hasMessage("model mlp:5-4-2 expects 5 inputs but 'train' has 3 features");
        assertThatThrownBy(() -> CoordinateCheck.run(models(4, 8),
                new CoordinateCheckSettings(OptimizerSpec.parse("sgd"), 1, 1, 21), backend, train, train))
                .hasMessage("the batch size 21 exceeds the 20 samples of 'train'");
        assertThatThrownBy(() -> new CoordinateCheckSettings(OptimizerSpec.parse("sgd"), 0, 1, 1))
                .hasMessage("a coordinate check needs at least 1 step, got 0");
    }
}
