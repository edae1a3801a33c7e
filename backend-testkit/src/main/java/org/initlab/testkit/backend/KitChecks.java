package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.FINITE_DIFFERENCE_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.LOSS_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.assertClose;
import static org.initlab.testkit.backend.KitFixtures.assertGradientsClose;
import static org.initlab.testkit.backend.KitFixtures.assertSameValuesInOrder;

import java.util.List;
import java.util.Map;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;

/**
 * What the check interfaces of the {@link BackendCompatibilityKit} ({@link ConvolutionKitChecks},
 * {@link BatchNormKitChecks}, {@link DropoutKitChecks}) need from the kit, and the comparisons against the
 * reference they share: JUnit runs their default test methods for every backend whose test subclasses the kit.
 */
public interface KitChecks {

    /** Compares a backend's gradients with the reference's, by path. */
    @FunctionalInterface
    interface GradientCheck {
        /**
         * @param what     names the compared gradients in the failure message
         * @param actual   the backend's gradients
         * @param expected the reference's gradients by path
         */
        void assertMatches(String what, ParameterSet actual, Map<String, double[]> expected);

        /**
         * @param tolerance the relative tolerance
         * @return {@link KitFixtures#assertGradientsClose} with this tolerance
         */
        static GradientCheck gradientsClose(double tolerance) {
            return (what, actual, expected) -> assertGradientsClose(what, actual, expected, tolerance);
        }
    }

    /** @return the backend under test, created before each test and closed after it */
    Backend backendUnderTest();

    /** @return a second backend from the same provider and options; the caller closes it */
    Backend anotherBackend();

    /**
     * Evaluation-mode logits and the evaluation loss sum of a batch of 5 against the double-precision reference.
     *
     * @param network    the network
     * @param parameters its parameters
     * @param batch      5 samples
     */
    default void assertForwardMatchesReference(Network network, ParameterSet parameters, KitFixtures.Batch batch) {
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        try (TrainingSession session = backendUnderTest().open(network, parameters, KitFixtures.PLAIN_SGD, 5)) {
            float[] logits = new float[5 * network.outputWidth()];
            session.forward(batch.inputs(), 5, logits);
            assertClose("logits", logits, reference.logits(batch.inputs(), 5), FORWARD_TOLERANCE);
            BatchEvaluation evaluation = session.evaluate(batch.inputs(), batch.labels(), 5);
            double expected = reference.evaluate(batch.inputs(), batch.labels(), 5).lossSum();
            assertThat(evaluation.lossSum()).isCloseTo(expected, within(LOSS_TOLERANCE * (1 + expected)));
        }
    }

    /**
     * The reference's backpropagation against central finite differences of its loss (step {@code 1e-6}), then
     * the backend's gradients, in a session opened for 4 samples, against the reference's.
     *
     * @param network                   the network
     * @param parameters                its parameters
     * @param batch                     at most 4 samples
     * @param tolerance                 the tolerance of the backend's gradients against the reference's
     * @param backendAgainstDifferences whether the backend's gradients must also match the finite differences
     */
    default void assertGradientsMatchReference(Network network, ParameterSet parameters, KitFixtures.Batch batch,
                                               double tolerance, boolean backendAgainstDifferences) {
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        int size = batch.size();
        Map<String, double[]> analytic = reference.gradients(batch.inputs(), batch.labels(), size);
        Map<String, double[]> differences = reference.finiteDifferences(batch.inputs(), batch.labels(), size, 1e-6);
        assertGradientsClose("reference gradient", KitFixtures.parametersOf(network, analytic), differences,
                FINITE_DIFFERENCE_TOLERANCE);
        try (TrainingSession session = backendUnderTest().open(network, parameters, KitFixtures.PLAIN_SGD, 4)) {
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), size);
            assertGradientsClose("gradient", gradients, analytic, tolerance);
            if (backendAgainstDifferences) {
                assertGradientsClose("gradient", gradients, differences, FINITE_DIFFERENCE_TOLERANCE);
            }
        }
    }

    /**
     * Three steps of each optimizer from the kit's parameters, on batches of 4 in a session opened for 4: the
     * backend's gradients match the reference's at the backend's current parameters, its losses match, and its
     * parameters move as the reference optimizer moves them with those gradients. The reference follows the
     * running statistics of the backend's batch normalizations.
     *
     * @param network       the network
     * @param optimizers    the optimizers, each from the same start
     * @param seed          the seed of the parameters; the batch of step {@code s} (from 0) has seed
     *                      {@code seed + 1 + s}
     * @param gradientCheck compares the backend's gradients with the reference's before each step
     */
    default void assertOptimizerStepsMatchReference(Network network, List<OptimizerSpec> optimizers, long seed,
                                                    GradientCheck gradientCheck) {
        for (OptimizerSpec optimizer : optimizers) {
            ParameterSet parameters = KitFixtures.parameters(network, seed);
            ReferenceOptimizer expected = new ReferenceOptimizer(optimizer, parameters);
            ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
            try (TrainingSession session = backendUnderTest().open(network, parameters, optimizer, 4)) {
                for (int step = 0; step < 3; step++) {
                    KitFixtures.Batch batch = KitFixtures.batch(network, 4, seed + 1 + step);
                    ReferenceNetwork current = reference.withParameters(session.parameters());
                    ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 4);
                    gradientCheck.assertMatches(optimizer.spec() + " gradient before step " + (step + 1), gradients,
                            current.gradients(batch.inputs(), batch.labels(), 4));
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
     * Two sessions on two backends train bit-identically with Adam for three steps, on batches of 5, 4 and 3.
     *
     * @param network the network
     * @param seed    the seed of the parameters; the batch of step {@code s} (from 0) has seed {@code seed + 1 + s}
     */
    default void assertTrainingIsDeterministic(Network network, long seed) {
        ParameterSet parameters = KitFixtures.parameters(network, seed);
        OptimizerSpec adam = new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0);
        try (Backend other = anotherBackend();
             TrainingSession first = backendUnderTest().open(network, parameters, adam, 5);
             TrainingSession second = other.open(network, parameters, adam, 5)) {
            for (int step = 0; step < 3; step++) {
                KitFixtures.Batch batch = KitFixtures.batch(network, 5 - step, seed + 1 + step);
                double loss = first.trainStep(batch.inputs(), batch.labels(), batch.size());
                assertThat(second.trainStep(batch.inputs(), batch.labels(), batch.size())).isEqualTo(loss);
            }
            assertSameValuesInOrder(second.parameters(), first.parameters());
        }
    }
}
