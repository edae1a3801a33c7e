package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.BATCH_NORM_GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.LOSS_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.PLAIN_SGD;
import static org.initlab.testkit.backend.KitFixtures.assertClose;
import static org.initlab.testkit.backend.KitFixtures.assertGradientsClose;

import java.util.LinkedHashMap;
import java.util.Map;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kit's checks of batch normalization ({@link KitNetworks#batchNormNetworks()}: 1-D, 2-D, and 2-D with
 * other {@code eps} and {@code momentum}): training-mode gradients from batch statistics, the training loss,
 * and evaluation with the running statistics that training steps updated.
 */
public interface BatchNormKitChecks extends KitChecks {

    /**
     * Training-mode gradients (batch statistics) against the reference's backpropagation and the finite
     * differences of its training-mode loss, which depends on the whole batch.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitNetworks#batchNormNetworks")
    default void batchNormTrainingGradientsMatchFiniteDifferencesOfTheBatchLoss(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 311);
        Batch batch = KitFixtures.batch(network, 4, 312);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 4)) {
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 4);
            assertGradientsClose("gradient", gradients, reference.gradients(batch.inputs(), batch.labels(), 4),
                    BATCH_NORM_GRADIENT_TOLERANCE);
            assertGradientsClose("gradient", gradients,
                    reference.finiteDifferences(batch.inputs(), batch.labels(), 4, 1e-6),
                    BATCH_NORM_GRADIENT_TOLERANCE);
        }
    }

    /**
     * A fresh session evaluates with running mean 0 and variance 1; each of three plain SGD steps reports the
     * batch-statistics loss and moves the parameters by {@code -0.1} times the reference gradient at the
     * session's own parameters; afterwards {@code forward} and {@code evaluate} use the running statistics
     * that the reference updated alongside (momentum, unbiased variance). The training batches are padded with
     * NaN, which must stay out of the batch statistics.
     */
    @ParameterizedTest
    @MethodSource("org.initlab.testkit.backend.KitNetworks#batchNormNetworks")
    default void batchNormEvaluationUsesTheRunningStatisticsOfTrainingSteps(Network network) {
        ParameterSet parameters = KitFixtures.parameters(network, 321);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        Batch probe = KitFixtures.batch(network, 5, 322);
        int classes = network.outputWidth();
        try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 6)) {
            float[] logits = new float[5 * classes];
            session.forward(probe.inputs(), 5, logits);
            assertClose("logits before training", logits, reference.logits(probe.inputs(), 5), FORWARD_TOLERANCE);
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 4, 323 + step);
                ReferenceNetwork current = reference.withParameters(session.parameters());
                double expectedLoss = current.meanLoss(batch.inputs(), batch.labels(), 4);
                Map<String, double[]> expected = new LinkedHashMap<>();
                current.gradients(batch.inputs(), batch.labels(), 4).forEach((path, gradient) -> {
                    double[] updated = current.parameter(path).clone();
                    for (int k = 0; k < updated.length; k++) {
                        updated[k] -= 0.1 * gradient[k];
                    }
                    expected.put(path, updated);
                });
                Batch padded = batch.padded(2, Float.NaN);
                assertThat(session.trainStep(padded.inputs(), padded.labels(), 4)).as("loss of step %d", step + 1)
                        .isCloseTo(expectedLoss, within(LOSS_TOLERANCE * (1 + expectedLoss)));
                current.updateRunningStatistics(batch.inputs(), 4);
                reference = current;
                assertClose("parameters after step " + (step + 1), session.parameters(), expected, LOSS_TOLERANCE);
            }
            reference = reference.withParameters(session.parameters());
            session.forward(probe.inputs(), 5, logits);
            assertClose("logits after training", logits, reference.logits(probe.inputs(), 5), FORWARD_TOLERANCE);
            BatchEvaluation evaluation = session.evaluate(probe.inputs(), probe.labels(), 5);
            double expectedSum = reference.evaluate(probe.inputs(), probe.labels(), 5).lossSum();
            assertThat(evaluation.lossSum()).isCloseTo(expectedSum, within(LOSS_TOLERANCE * (1 + expectedSum)));
        }
    }
}
