package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.BATCH_NORM_GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FINITE_DIFFERENCE_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.LOSS_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.PLAIN_SGD;
import static org.initlab.testkit.backend.KitFixtures.assertClose;
import static org.initlab.testkit.backend.KitFixtures.assertGradientsClose;
import static org.initlab.testkit.backend.KitFixtures.assertSameValuesInOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's checks of residual blocks ({@link ResidualFixtures#residualNetworks()}: identity and projection
 * shortcuts, batch normalization in branches and shortcuts, post- and pre-activation, gates and Fixup's scalar
 * biases), each from the kit's seeded parameters (gates not 1, scalar biases not 0) and from the plain start
 * ({@link ResidualFixtures#defaultStart}): logits against the reference, gradients against its
 * backpropagation (itself checked against finite differences) and against finite differences, parameters
 * after three steps of every optimizer of {@link KitFixtures#optimizers()}, evaluation with the running
 * statistics of training steps, and determinism across two backends.
 */
public interface ResidualKitChecks extends KitChecks {

    /** Evaluation-mode logits and loss sum against the reference, from both starts. */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.ResidualFixtures#residualNetworks")
    default void residualForwardMatchesReference(Network network) {
        for (ParameterSet parameters : starts(network, 511)) {
            Batch batch = KitFixtures.batch(network, 5, 512);
            assertForwardMatchesReference(network, parameters, batch);
        }
    }

    /**
     * Training-mode gradients of every parameter (gates and scalar biases included) against the reference's
     * backpropagation, which must itself match central finite differences, and against those differences.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.ResidualFixtures#residualNetworks")
    default void residualGradientsMatchReferenceAndFiniteDifferences(Network network) {
        for (ParameterSet parameters : starts(network, 521)) {
            Batch batch = KitFixtures.batch(network, 4, 522);
            ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
            Map<String, double[]> analytic = reference.gradients(batch.inputs(), batch.labels(), 4);
            Map<String, double[]> differences = reference.finiteDifferences(batch.inputs(), batch.labels(), 4, 1e-6);
            assertGradientsClose("reference gradient", toFloats(network, analytic), differences,
                    FINITE_DIFFERENCE_TOLERANCE);
            try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 4)) {
                ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 4);
                assertGradientsClose("gradient", gradients, analytic, gradientTolerance(network));
                assertGradientsClose("gradient", gradients, differences, FINITE_DIFFERENCE_TOLERANCE);
            }
        }
    }

    /**
     * Three steps of every optimizer: the backend's gradients match the reference's at the backend's current
     * parameters, its losses match, and its parameters (gates and scalar biases included) move as the
     * reference optimizer moves them with those gradients.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.ResidualFixtures#residualNetworks")
    default void residualOptimizerStepsFollowTheReferenceRule(Network network) {
        for (OptimizerSpec optimizer : KitFixtures.optimizers().toList()) {
            ParameterSet parameters = KitFixtures.parameters(network, 531);
            ReferenceOptimizer expected = new ReferenceOptimizer(optimizer, parameters);
            ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
            try (TrainingSession session = backendUnderTest().open(network, parameters, optimizer, 4)) {
                for (int step = 0; step < 3; step++) {
                    Batch batch = KitFixtures.batch(network, 4, 532 + step);
                    ReferenceNetwork current = reference.withParameters(session.parameters());
                    ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 4);
                    assertGradientsClose(optimizer.spec() + " gradient before step " + (step + 1), gradients,
                            current.gradients(batch.inputs(), batch.labels(), 4), gradientTolerance(network));
                    double loss = current.meanLoss(batch.inputs(), batch.labels(), 4);
                    assertThat(session.trainStep(batch.inputs(), batch.labels(), 4))
                            .as("%s loss of step %d", optimizer.spec(), step + 1)
                            .isCloseTo(loss, within(LOSS_TOLERANCE * (1 + loss)));
                    current.updateRunningStatistics(batch.inputs(), 4);
                    reference = current;
                    expected.step(gradients);
                    assertClose(optimizer.spec() + " parameters after step " + (step + 1), session.parameters(),
                            expected.parameters(), LOSS_TOLERANCE);
                }
            }
        }
    }

    /**
     * Three plain SGD steps on NaN-padded batches from the plain start, then evaluation: the logits and loss
     * sum use the running statistics of every batch normalization, in branches and shortcuts alike, as the
     * reference updated them alongside.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.ResidualFixtures#residualNetworks")
    default void residualEvaluationUsesTheRunningStatisticsOfTrainingSteps(Network network) {
        ParameterSet parameters = ResidualFixtures.defaultStart(network, 541);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        Batch probe = KitFixtures.batch(network, 5, 542);
        try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 6)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 4, 543 + step);
                ReferenceNetwork current = reference.withParameters(session.parameters());
                Map<String, double[]> updated = new LinkedHashMap<>();
                current.gradients(batch.inputs(), batch.labels(), 4).forEach((path, gradient) -> {
                    double[] values = current.parameter(path).clone();
                    for (int k = 0; k < values.length; k++) {
                        values[k] -= 0.1 * gradient[k];
                    }
                    updated.put(path, values);
                });
                Batch padded = batch.padded(2, Float.NaN);
                double loss = current.meanLoss(batch.inputs(), batch.labels(), 4);
                assertThat(session.trainStep(padded.inputs(), padded.labels(), 4)).as("loss of step %d", step + 1)
                        .isCloseTo(loss, within(LOSS_TOLERANCE * (1 + loss)));
                current.updateRunningStatistics(batch.inputs(), 4);
                reference = current;
                assertClose("parameters after step " + (step + 1), session.parameters(), updated, LOSS_TOLERANCE);
            }
            reference = reference.withParameters(session.parameters());
            float[] logits = new float[5 * network.outputWidth()];
            session.forward(probe.inputs(), 5, logits);
            assertClose("logits after training", logits, reference.logits(probe.inputs(), 5), FORWARD_TOLERANCE);
            double expected = reference.evaluate(probe.inputs(), probe.labels(), 5).lossSum();
            assertThat(session.evaluate(probe.inputs(), probe.labels(), 5).lossSum())
                    .isCloseTo(expected, within(LOSS_TOLERANCE * (1 + expected)));
        }
    }

    /** Two sessions on two backends train bit-identically with Adam, batch sizes changing from step to step. */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.ResidualFixtures#residualNetworks")
    default void residualTrainingIsDeterministic(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 551);
        OptimizerSpec adam = new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0);
        try (Backend other = anotherBackend();
             TrainingSession first = backendUnderTest().open(network, parameters, adam, 5);
             TrainingSession second = other.open(network, parameters, adam, 5)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 5 - step, 552 + step);
                double loss = first.trainStep(batch.inputs(), batch.labels(), batch.size());
                assertThat(second.trainStep(batch.inputs(), batch.labels(), batch.size())).isEqualTo(loss);
            }
            assertSameValuesInOrder(second.parameters(), first.parameters());
        }
    }

    private static List<ParameterSet> starts(Network network, long seed) {
        return List.of(KitFixtures.parameters(network, seed), ResidualFixtures.defaultStart(network, seed));
    }

    private static double gradientTolerance(Network network) {
        return ResidualFixtures.normalized(network) ? BATCH_NORM_GRADIENT_TOLERANCE : GRADIENT_TOLERANCE;
    }

    private static ParameterSet toFloats(Network network, Map<String, double[]> values) {
        return KitFixtures.parametersOf(network, values.values().stream().map(v -> {
            float[] f = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                f[k] = (float) v[k];
            }
            return f;
        }).toArray(float[][]::new));
    }
}
