package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.initlab.testkit.backend.KitFixtures.assertClose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;
import org.initlab.core.optim.ParameterGroups.GroupScale;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's checks of the optimizer beyond the plain rules: per-parameter learning-rate and weight-decay
 * multipliers ({@link ParameterGroups}, PyTorch's parameter groups, opened through
 * {@code Backend.open(..., ParameterGroups, ...)}) and the linear learning-rate warm-up of
 * {@link OptimizerSpec#warmup()}. Every update is compared with the {@link ReferenceOptimizer} applied to the
 * gradients the backend reports for the same parameters and batch (tolerance {@code 1e-5}, as the kit's other
 * optimizer checks); a parameter whose learning-rate multiplier is zero must keep its values bit for bit.
 */
public interface OptimizerKitChecks extends KitChecks {

    /** The relative tolerance of an updated parameter against the reference rule. */
    double OPTIMIZER_TOLERANCE = 1e-5;

    /** @return SGD with momentum, Nesterov and weight decay, plain SGD, and Adam with weight decay */
    static Stream<OptimizerSpec> groupedOptimizers() {
        return Stream.of(new OptimizerSpec.Sgd(0.05, 0.9, true, 0.01),
                new OptimizerSpec.Sgd(0.1, 0, false, 0.05),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0.02));
    }

    /** @return SGD with momentum and Adam, each with a warm-up of a few steps */
    static Stream<OptimizerSpec> warmedUpOptimizers() {
        return Stream.of(new OptimizerSpec.Sgd(0.1, 0.9, false, 0.01, 4),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0, 3));
    }

    /**
     * Multipliers for {@code mlp:5-7-6-3:tanh}: a larger and a smaller learning rate with a stronger weight
     * decay, a frozen parameter ({@code 0.bias}: learning-rate multiplier 0) and one without weight decay;
     * {@code 4.weight} keeps the optimizer's own values.
     */
    private static ParameterGroups mixedGroups() {
        Map<String, GroupScale> scales = new LinkedHashMap<>();
        scales.put("0.weight", new GroupScale(3, 0.5));
        scales.put("0.bias", new GroupScale(0, 1));
        scales.put("2.weight", new GroupScale(0.25, 4));
        scales.put("2.bias", new GroupScale(2, 0));
        scales.put("4.bias", new GroupScale(0.5, 2));
        return new ParameterGroups(scales);
    }

    /**
     * Three updates with non-uniform groups follow the reference rule with each parameter's own learning rate
     * and weight decay; the frozen parameter does not move at all.
     *
     * @param optimizer the optimizer
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.OptimizerKitChecks#groupedOptimizers")
    default void parameterGroupsGiveEachParameterItsOwnLearningRateAndWeightDecay(OptimizerSpec optimizer) {
        Network network = ModelSpec.parse("mlp:5-7-6-3:tanh");
        ParameterSet parameters = KitFixtures.parameters(network, 1301);
        ParameterGroups groups = mixedGroups();
        assertStepsFollowReference(network, parameters, optimizer, groups, 3, 1302);
        try (TrainingSession session = backendUnderTest().open(network, parameters, optimizer, groups, 6, 0L)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 6, 1310 + step);
                session.trainStep(batch.inputs(), batch.labels(), 6);
            }
            assertThat(session.parameters().values("0.bias")).as("frozen 0.bias after 3 steps of " + optimizer.spec())
                    .containsExactly(parameters.values("0.bias"));
            assertThat(session.parameters().values("0.weight")).as("0.weight after 3 steps")
                    .isNotEqualTo(parameters.values("0.weight"));
        }
    }

    /**
     * With warm-up {@code N}, step {@code t}'s learning rate is {@code lr * min(1, t / N)}: the first update is
     * {@code 1 / N} of the update without warm-up from the same start and batch, and five updates follow the
     * reference rule (so steps past {@code N} run at the full rate). Also with non-uniform groups, whose
     * multipliers apply on top of the warm-up.
     *
     * @param optimizer an optimizer with warm-up
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.OptimizerKitChecks#warmedUpOptimizers")
    default void warmupScalesTheFirstUpdatesByStepOverWarmup(OptimizerSpec optimizer) {
        Network network = ModelSpec.parse("mlp:5-7-6-3:tanh");
        ParameterSet parameters = KitFixtures.parameters(network, 1401);
        Batch batch = KitFixtures.batch(network, 6, 1402);
        OptimizerSpec withoutWarmup = optimizer instanceof OptimizerSpec.Sgd s
                ? new OptimizerSpec.Sgd(s.learningRate(), s.momentum(), s.nesterov(), s.weightDecay())
                : withoutWarmup((OptimizerSpec.Adam) optimizer);
        ParameterSet warmed;
        ParameterSet full;
        try (TrainingSession session = backendUnderTest().open(network, parameters, optimizer, 6)) {
            session.trainStep(batch.inputs(), batch.labels(), 6);
            warmed = session.parameters();
        }
        try (TrainingSession session = backendUnderTest().open(network, parameters, withoutWarmup, 6)) {
            session.trainStep(batch.inputs(), batch.labels(), 6);
            full = session.parameters();
        }
        Map<String, double[]> expected = new LinkedHashMap<>();
        for (String path : parameters.paths()) {
            float[] start = parameters.values(path);
            float[] end = full.values(path);
            double[] scaled = new double[start.length];
            for (int k = 0; k < start.length; k++) {
                scaled[k] = start[k] + ((double) end[k] - start[k]) / optimizer.warmup();
            }
            expected.put(path, scaled);
        }
        assertClose("first update of " + optimizer.spec() + " against 1/N of " + withoutWarmup.spec(), warmed,
                expected, OPTIMIZER_TOLERANCE);
        assertStepsFollowReference(network, parameters, optimizer, ParameterGroups.uniform(), 5, 1403);
        assertStepsFollowReference(network, parameters, optimizer, mixedGroups(), 5, 1413);
    }

    private static OptimizerSpec withoutWarmup(OptimizerSpec.Adam a) {
        return new OptimizerSpec.Adam(a.learningRate(), a.beta1(), a.beta2(), a.epsilon(), a.weightDecay());
    }

    /** The old {@code open} and {@code open} with uniform groups train bit for bit alike. */
    @Test
    default void uniformGroupsTrainAsThePlainOpen() {
        Network network = ModelSpec.parse("mlp:5-7-6-3:relu");
        ParameterSet parameters = KitFixtures.parameters(network, 1501);
        OptimizerSpec optimizer = new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0.01, 2);
        try (TrainingSession plain = backendUnderTest().open(network, parameters, optimizer, 6, 7L);
             TrainingSession grouped = backendUnderTest().open(network, parameters, optimizer,
                     new ParameterGroups(Map.of("2.weight", GroupScale.ONE)), 6, 7L)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 6, 1502 + step);
                assertThat(grouped.trainStep(batch.inputs(), batch.labels(), 6))
                        .isEqualTo(plain.trainStep(batch.inputs(), batch.labels(), 6));
            }
            KitFixtures.assertSameValuesInOrder(grouped.parameters(), plain.parameters());
        }
    }

    /** A group that names no parameter of the network is refused with a message naming it. */
    @Test
    default void groupNamingNoParameterIsRefused() {
        Network network = ModelSpec.parse("mlp:5-7-6-3:relu");
        ParameterSet parameters = KitFixtures.parameters(network, 1601);
        ParameterGroups groups = new ParameterGroups(Map.of("9.weight", new GroupScale(2, 1)));
        assertThatThrownBy(() -> backendUnderTest().open(network, parameters, KitFixtures.PLAIN_SGD, groups, 4, 0L)
                .close()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'9.weight'");
    }

    /**
     * Runs {@code steps} updates and compares the parameters after each with the reference rule applied to the
     * gradients the backend reports before it.
     */
    private void assertStepsFollowReference(Network network, ParameterSet parameters, OptimizerSpec optimizer,
                                            ParameterGroups groups, int steps, long batchSeed) {
        ReferenceOptimizer reference = new ReferenceOptimizer(optimizer, groups, parameters);
        try (TrainingSession session = backendUnderTest().open(network, parameters, optimizer, groups, 6, 0L)) {
            for (int step = 1; step <= steps; step++) {
                Batch batch = KitFixtures.batch(network, 6, batchSeed + step);
                ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 6);
                session.trainStep(batch.inputs(), batch.labels(), 6);
                reference.step(gradients);
                assertClose(optimizer.spec() + " with groups " + groups.scales() + ", step " + step,
                        session.parameters(), reference.parameters(), OPTIMIZER_TOLERANCE);
            }
        }
    }
}
