package org.initlab.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.initlab.core.model.Activation;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.GateLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.ScalarBiasLayer;
import org.junit.jupiter.api.Test;

/**
 * The reference's residual blocks on values worked out by hand, so that the kit's yardstick is checked against
 * the formula {@code y = post(s(x) + F(x))} and not only against its own finite differences.
 */
class ReferenceResidualTest {

    @Test
    void postActivationGatedIdentityBlockAddsTheScaledBranchToTheInputBeforeTheActivation() {
        Network network = new Network(2, List.of(new ResidualBlock(List.of(new DenseLayer(2, 2), new GateLayer()),
                List.of(), Optional.of(Activation.RELU))), "relu(x + alpha (W x + b))");
        ReferenceNetwork reference = new ReferenceNetwork(network, KitFixtures.parametersOf(network,
                new float[] {1, 0, 0, 2}, new float[] {0.5f, -1}, new float[] {0.5f}));
        // W x + b = (1.5, -3); alpha * = (0.75, -1.5); + x = (1.75, -2.5); relu
        assertThat(reference.logits(new float[] {1, -1}, 1)).containsExactly(1.75, 0);
    }

    @Test
    void preActivationProjectionBlockSumsTheProjectionAndTheBranchWithItsScalarBias() {
        Network network = new Network(2, List.of(new ResidualBlock(List.of(new ScalarBiasLayer(), new DenseLayer(2, 3)),
                List.of(new DenseLayer(2, 3)), Optional.empty())), "S x + c + W (x + b)");
        ReferenceNetwork reference = new ReferenceNetwork(network, KitFixtures.parametersOf(network,
                new float[] {0.25f}, new float[] {1, 1, 0, 1, 2, 0}, new float[] {0, 0, 0},
                new float[] {1, 0, 0, 1, 1, 1}, new float[] {0, 0, 1}));
        // x + b = (1.25, -0.75); W (x + b) = (0.5, -0.75, 2.5); S x + c = (1, -1, 1)
        double[] logits = reference.logits(new float[] {1, -1}, 1);
        assertThat(logits[0]).isCloseTo(1.5, within(1e-12));
        assertThat(logits[1]).isCloseTo(-1.75, within(1e-12));
        assertThat(logits[2]).isCloseTo(3.5, within(1e-12));
    }

    @Test
    void batchNormalizationInBranchesAndShortcutsKeepsRunningStatisticsUnderItsModulePath() {
        Network network = ModelSpec.parse("cnn:1x4x4-[c2k3s2p1-bn-c2k3p1-bn]-gap-2:relu");
        ReferenceNetwork reference = new ReferenceNetwork(network, KitFixtures.parameters(network, 3));
        assertThat(reference.runningVariance("0.shortcut.1")).containsExactly(1, 1);
        reference.updateRunningStatistics(KitFixtures.batch(network, 3, 4).inputs(), 3);
        assertThat(reference.runningMean("0.branch.1")).doesNotContain(0.0);
        assertThat(reference.runningMean("0.shortcut.1")).doesNotContain(0.0);
        assertThatThrownBy(() -> reference.runningMean("0.branch.0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.branch.0");
    }
}
