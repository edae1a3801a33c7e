package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.initlab.testkit.backend.KitFixtures.assertClose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The kit's checks of the {@link TrainingSession} contract beyond the numbers: batches smaller than the maximum,
 * arrays longer than the batch, parameters copied in and out, independent sessions, divergence without
 * exceptions, and the refusal of bad batch sizes and labels.
 */
public interface SessionContractKitChecks extends KitChecks {

    @Test
    default void smallerBatchesThanTheMaximumWork() {
        Network network = BackendCompatibilityKit.mlp(Activation.SELU);
        ParameterSet parameters = KitFixtures.parameters(network, 81);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        try (TrainingSession session = backendUnderTest().open(network, parameters, KitFixtures.PLAIN_SGD, 16)) {
            for (int size : new int[] {1, 5, 16, 2}) {
                Batch batch = KitFixtures.batch(network, size, 82 + size);
                float[] logits = new float[size * 3];
                session.forward(batch.inputs(), size, logits);
                assertClose("logits of a batch of " + size, logits, reference.logits(batch.inputs(), size), 1e-4);
                assertClose("gradient of a batch of " + size, session.gradients(batch.inputs(), batch.labels(), size),
                        reference.gradients(batch.inputs(), batch.labels(), size), 1e-4);
            }
        }
    }

    /** Padding after the batch holds NaN inputs and impossible labels: a backend must not read it. */
    @Test
    default void arraysLongerThanTheBatchAreReadOnlyUpToTheBatch() {
        Network network = BackendCompatibilityKit.mlp(Activation.LEAKY_RELU);
        ParameterSet parameters = KitFixtures.parameters(network, 91);
        Batch exact = KitFixtures.batch(network, 5, 92);
        Batch padded = exact.padded(3, Float.NaN);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        try (TrainingSession session = backendUnderTest().open(network, parameters, KitFixtures.PLAIN_SGD, 8)) {
            float[] logits = new float[8 * 3];
            Arrays.fill(logits, 42f);
            session.forward(padded.inputs(), 5, logits);
            assertClose("logits", logits, reference.logits(exact.inputs(), 5), 1e-4);
            assertThat(Arrays.copyOfRange(logits, 5 * 3, logits.length)).as("logits after the batch")
                    .containsOnly(42f);
            BatchEvaluation evaluation = session.evaluate(padded.inputs(), padded.labels(), 5);
            assertThat(evaluation.count()).isEqualTo(5);
            assertThat(evaluation.lossSum()).isFinite();
            assertClose("gradient", session.gradients(padded.inputs(), padded.labels(), 5),
                    reference.gradients(exact.inputs(), exact.labels(), 5), 1e-4);
            assertThat(session.trainStep(padded.inputs(), padded.labels(), 5)).isFinite();
        }
    }

    @Test
    default void parametersAreCopiedInAndOut() {
        Network network = BackendCompatibilityKit.mlp(Activation.RELU);
        ParameterSet initial = KitFixtures.parameters(network, 101);
        ParameterSet pristine = initial.copy();
        try (TrainingSession session = backendUnderTest().open(network, initial, KitFixtures.PLAIN_SGD, 2)) {
            initial.values("0.weight")[0] += 1;
            ParameterSet out = session.parameters();
            assertThat(out.paths()).isEqualTo(network.parameters().stream().map(p -> p.path()).toList());
            for (int i = 0; i < out.tensors().size(); i++) {
                assertThat(out.tensors().get(i).spec()).isEqualTo(network.parameters().get(i));
            }
            BackendCompatibilityKit.assertSameValues(out, pristine);
            out.values("2.bias")[1] = 1e6f;
            BackendCompatibilityKit.assertSameValues(session.parameters(), pristine);
            Batch batch = KitFixtures.batch(network, 2, 102);
            ParameterSet gradients = session.gradients(batch.inputs(), batch.labels(), 2);
            assertThat(gradients.paths()).isEqualTo(out.paths());
            gradients.values("0.bias")[0] = 1e6f;
            BackendCompatibilityKit.assertSameValues(session.parameters(), pristine);
        }
    }

    @Test
    default void sessionsOfOneBackendAreIndependent() {
        Network small = BackendCompatibilityKit.mlp(Activation.SIGMOID);
        Network other = ModelSpec.parse("mlp:5-4-3:elu");
        ParameterSet smallParameters = KitFixtures.parameters(small, 121);
        ParameterSet otherParameters = KitFixtures.parameters(other, 122);
        OptimizerSpec adam = new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0);
        ParameterSet alone;
        try (TrainingSession session = backendUnderTest().open(small, smallParameters, adam, 4)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(small, 4, 123 + step);
                session.trainStep(batch.inputs(), batch.labels(), 4);
            }
            alone = session.parameters();
        }
        try (TrainingSession a = backendUnderTest().open(small, smallParameters, adam, 4);
             TrainingSession b = backendUnderTest().open(other, otherParameters, KitFixtures.PLAIN_SGD, 4)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(small, 4, 123 + step);
                Batch otherBatch = KitFixtures.batch(other, 4, 223 + step);
                b.trainStep(otherBatch.inputs(), otherBatch.labels(), 4);
                a.trainStep(batch.inputs(), batch.labels(), 4);
            }
            BackendCompatibilityKit.assertSameValues(a.parameters(), alone);
        }
    }

    @Test
    default void hugeLearningRateDivergesToNonFiniteLossWithoutThrowing() {
        Network network = BackendCompatibilityKit.mlp(Activation.RELU);
        ParameterSet parameters = KitFixtures.parameters(network, 131);
        List<Double> losses = new ArrayList<>();
        try (TrainingSession session = backendUnderTest().open(network, parameters,
                new OptimizerSpec.Sgd(1e30, 0, false, 0), 4)) {
            for (int step = 0; step < 6; step++) {
                Batch batch = KitFixtures.batch(network, 4, 132 + step);
                losses.add(session.trainStep(batch.inputs(), batch.labels(), 4));
            }
            Batch batch = KitFixtures.batch(network, 4, 140);
            assertThatCode(() -> session.evaluate(batch.inputs(), batch.labels(), 4)).doesNotThrowAnyException();
        }
        assertThat(losses).anyMatch(loss -> !Double.isFinite(loss));
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"RELU", "LEAKY_RELU", "IDENTITY"})
    default void enormousParametersGiveNonFiniteLossWithoutThrowing(Activation activation) {
        Network network = BackendCompatibilityKit.mlp(activation);
        Batch batch = KitFixtures.batch(network, 4, 141);
        try (TrainingSession session = backendUnderTest().open(network, KitFixtures.constant(network, 1e30f),
                KitFixtures.PLAIN_SGD, 4)) {
            BatchEvaluation evaluation = session.evaluate(batch.inputs(), batch.labels(), 4);
            assertThat(Double.isFinite(evaluation.lossSum())).isFalse();
            assertThat(Double.isFinite(session.trainStep(batch.inputs(), batch.labels(), 4))).isFalse();
        }
    }

    @Test
    default void badBatchSizesAndLabelsAreRejected() {
        Network network = BackendCompatibilityKit.mlp(Activation.RELU);
        Batch batch = KitFixtures.batch(network, 4, 151);
        try (TrainingSession session = backendUnderTest().open(network, KitFixtures.parameters(network, 152),
                KitFixtures.PLAIN_SGD, 4)) {
            assertThatThrownBy(() -> session.trainStep(batch.inputs(), batch.labels(), 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> session.trainStep(batch.padded(1, 0).inputs(), batch.padded(1, 0).labels(), 5))
                    .isInstanceOf(IllegalArgumentException.class);
            int[] badLabels = batch.labels().clone();
            badLabels[2] = 3;
            assertThatThrownBy(() -> session.gradients(batch.inputs(), badLabels, 4))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> session.forward(new float[3], 4, new float[12]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
