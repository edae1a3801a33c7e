package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.initlab.testkit.backend.KitFixtures.FORWARD_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.GRADIENT_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.LOSS_TOLERANCE;
import static org.initlab.testkit.backend.KitFixtures.PLAIN_SGD;
import static org.initlab.testkit.backend.KitFixtures.assertClose;
import static org.initlab.testkit.backend.KitFixtures.assertSameValuesInOrder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kit's checks of dropout. A backend's masks cannot be predicted, so the checks are: evaluation ignores
 * dropout, {@code p = 0} changes nothing, masks repeat for a seed and change with it, and a training-mode
 * gradient is exactly the gradient of one inverted-dropout mask (checked by trying every mask of a tiny
 * case). That the average gradient over many masks approaches the gradient without dropout is not checked:
 * it does not hold exactly through the nonlinear loss, and a statistical version would be slow or flaky.
 */
public interface DropoutKitChecks extends KitChecks {

    /** In evaluation mode a dropout network computes what the same network without dropout computes. */
    @ParameterizedTest
    @ValueSource(strings = {"cnn:6-f8-d0.5-3:relu", "cnn:2x4x4-c3k3-d0.5-p2-4:tanh"})
    default void dropoutIsTheIdentityInEvaluation(String spec) {
        Network network = ModelSpec.parse(spec);
        Network plain = ModelSpec.parse(spec.replace("-d0.5", ""));
        ParameterSet parameters = KitFixtures.parameters(network, 411);
        ReferenceNetwork reference = new ReferenceNetwork(plain, KitFixtures.sameValuesFor(parameters, plain));
        Batch batch = KitFixtures.batch(network, 4, 412);
        try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 4)) {
            float[] logits = new float[4 * network.outputWidth()];
            session.forward(batch.inputs(), 4, logits);
            assertClose("logits", logits, reference.logits(batch.inputs(), 4), FORWARD_TOLERANCE);
            double expected = reference.evaluate(batch.inputs(), batch.labels(), 4).lossSum();
            assertThat(session.evaluate(batch.inputs(), batch.labels(), 4).lossSum())
                    .isCloseTo(expected, within(LOSS_TOLERANCE * (1 + expected)));
        }
    }

    /** Dropout with {@code p = 0} keeps every value unscaled: losses and parameters are bit-identical. */
    @Test
    default void dropoutWithProbabilityZeroTrainsExactlyLikeNoDropout() {
        Network network = ModelSpec.parse("cnn:6-f8-d0-3:relu");
        Network plain = ModelSpec.parse("cnn:6-f8-3:relu");
        ParameterSet parameters = KitFixtures.parameters(network, 421);
        OptimizerSpec sgd = new OptimizerSpec.Sgd(0.1, 0.9, false, 0);
        try (TrainingSession withDropout = backendUnderTest().open(network, parameters, sgd, 4, 7);
             TrainingSession without = backendUnderTest().open(plain, KitFixtures.sameValuesFor(parameters, plain),
                     sgd, 4, 7)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 4, 422 + step);
                assertThat(withDropout.trainStep(batch.inputs(), batch.labels(), 4)).as("loss of step %d", step + 1)
                        .isEqualTo(without.trainStep(batch.inputs(), batch.labels(), 4));
            }
            assertSameValuesInOrder(withDropout.parameters(), without.parameters());
        }
    }

    /** Two sessions with the same seed, on one backend instance and on another, draw the same masks. */
    @Test
    default void dropoutMasksRepeatForTheSameSeed() {
        Network network = ModelSpec.parse("cnn:1x6x6-c2k3-bn-p2-f6-d0.5-3:relu");
        ParameterSet parameters = KitFixtures.parameters(network, 431);
        OptimizerSpec adam = new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 0);
        try (Backend other = anotherBackend();
             TrainingSession first = backendUnderTest().open(network, parameters, adam, 4, 17);
             TrainingSession second = backendUnderTest().open(network, parameters, adam, 4, 17);
             TrainingSession third = other.open(network, parameters, adam, 4, 17)) {
            for (int step = 0; step < 3; step++) {
                Batch batch = KitFixtures.batch(network, 4, 432 + step);
                double loss = first.trainStep(batch.inputs(), batch.labels(), 4);
                assertThat(second.trainStep(batch.inputs(), batch.labels(), 4)).isEqualTo(loss);
                assertThat(third.trainStep(batch.inputs(), batch.labels(), 4)).isEqualTo(loss);
            }
            assertSameValuesInOrder(second.parameters(), first.parameters());
            assertSameValuesInOrder(third.parameters(), first.parameters());
        }
    }

    /**
     * Training-mode gradients differ between seeds (the masks are random) and differ from the gradient without
     * dropout (dropout is applied in training); with 32 values at {@code p = 0.5}, equal masks have
     * probability {@code 2^-32}.
     */
    @Test
    default void dropoutMasksChangeWithTheSeedAndApplyInTraining() {
        Network network = ModelSpec.parse("cnn:6-f8-d0.5-3:relu");
        Network plain = ModelSpec.parse("cnn:6-f8-3:relu");
        ParameterSet parameters = KitFixtures.parameters(network, 441);
        Batch batch = KitFixtures.batch(network, 4, 442);
        try (TrainingSession one = backendUnderTest().open(network, parameters, PLAIN_SGD, 4, 1);
             TrainingSession two = backendUnderTest().open(network, parameters, PLAIN_SGD, 4, 2)) {
            float[] first = one.gradients(batch.inputs(), batch.labels(), 4).values("0.weight");
            float[] second = two.gradients(batch.inputs(), batch.labels(), 4).values("0.weight");
            assertThat(first).as("first-layer gradient with seeds 1 and 2").isNotEqualTo(second);
            Map<String, double[]> without = new ReferenceNetwork(plain, KitFixtures.sameValuesFor(parameters, plain))
                    .gradients(batch.inputs(), batch.labels(), 4);
            assertThat(KitFixtures.gradientsClose(KitFixtures.sameValuesFor(one.gradients(batch.inputs(),
                    batch.labels(), 4), plain), without, 1e-2)).as("training gradient equals the one without dropout")
                    .isFalse();
        }
    }

    /**
     * Dropout between two layers of a tiny network (batch 2, 3 units, {@code p = 0.4}): every training-mode
     * gradient and training-step loss must be the reference's for one of the 64 possible masks, with kept
     * values scaled by {@code 1 / 0.6}, the same mask in the forward and the backward pass.
     */
    @Test
    default void dropoutGradientsAreThoseOfOneInvertedMask() {
        Network network = new Network(3, List.of(new DenseLayer(3, 3), new DropoutLayer(0.4),
                new ActivationLayer(Activation.TANH), new DenseLayer(3, 2)), "dense, dropout, tanh, dense");
        ParameterSet parameters = KitFixtures.parameters(network, 451);
        Batch batch = KitFixtures.batch(network, 2, 452);
        ReferenceNetwork reference = new ReferenceNetwork(network, parameters);
        List<Map<String, double[]>> gradients = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (int bits = 0; bits < 64; bits++) {
            boolean[] kept = new boolean[6];
            for (int k = 0; k < 6; k++) {
                kept[k] = (bits >> k & 1) == 1;
            }
            reference.useDropoutMasks((layer, length) -> Arrays.copyOf(kept, length));
            gradients.add(reference.gradients(batch.inputs(), batch.labels(), 2));
            losses.add(reference.meanLoss(batch.inputs(), batch.labels(), 2));
        }
        try (TrainingSession session = backendUnderTest().open(network, parameters, PLAIN_SGD, 2, 3)) {
            for (int draw = 0; draw < 4; draw++) {
                ParameterSet actual = session.gradients(batch.inputs(), batch.labels(), 2);
                assertThat(gradients).as("masks whose gradients equal draw %d", draw)
                        .anyMatch(expected -> KitFixtures.gradientsClose(actual, expected, GRADIENT_TOLERANCE));
            }
            double loss = session.trainStep(batch.inputs(), batch.labels(), 2);
            assertThat(losses).as("mask losses").anyMatch(l -> Math.abs(l - loss) <= LOSS_TOLERANCE * (1 + l));
        }
    }
}
