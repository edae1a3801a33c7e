package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.LOSS_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.assertClose;

import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Network;

/**
 * What the check interfaces of the {@link BackendCompatibilityKit} ({@link ConvolutionKitChecks},
 * {@link BatchNormKitChecks}, {@link DropoutKitChecks}) need from the kit: JUnit runs their default test
 * methods for every backend whose test subclasses the kit.
 */
public interface KitChecks {
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
}
