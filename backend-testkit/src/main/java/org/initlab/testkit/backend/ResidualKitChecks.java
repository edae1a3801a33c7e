package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.BATCH_NORM_GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.LOSS_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.PLAIN_SGD;
import static org.initlab.testkit.backend.KitFixtures.assertClose;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
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
            assertGradientsMatchReference(network, parameters, KitFixtures.batch(network, 4, 522),
                    gradientTolerance(network), true);
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
        assertOptimizerStepsMatchReference(network, KitFixtures.optimizers().toList(), 531,
                GradientCheck.gradientsClose(gradientTolerance(network)));
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
        assertTrainingIsDeterministic(network, 551);
    }

    private static List<ParameterSet> starts(Network network, long seed) {
        return List.of(KitFixtures.parameters(network, seed), ResidualFixtures.defaultStart(network, seed));
    }

    private static double gradientTolerance(Network network) {
        return ResidualFixtures.normalized(network) ? BATCH_NORM_GRADIENT_TOLERANCE : GRADIENT_TOLERANCE;
    }

}
