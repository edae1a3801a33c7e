package org.initlab.backends.nativebackend;

import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every layer kind's backward pass against central differences of the training-mode loss (batch statistics and
 * the same dropout masks), through whole sessions: parameter gradients directly, input gradients through the
 * parameters of the layers before.
 */
class LayerGradientTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "cnn:2x7x7-c3k3-c4k3s2p1-5:tanh",
            "cnn:4x6x6-c4k3p1g2-c6k2s2g2-3:tanh",
            "cnn:1x9x8-c3k3-p2-f6-4:tanh",
            "cnn:2x9x9-c4k2-p3s2-f5-3:tanh",
            "cnn:2x8x8-c3k3-a2-c2k2-4:sigmoid",
            "cnn:1x8x8-c4k3p1-bn-p2-f6-bn-4:tanh",
            "cnn:1x6x6-c3k3-bn-f8-d0.3-4:tanh",
            "cnn:10-f12-bn-d0.5-f6-3:tanh",
            "cnn:1x6x6-c2k3-d0.4-c3k2s2-f4-3:elu"})
    void gradientsMatchFiniteDifferencesOfTheTrainingLoss(String spec) {
        // max pooling has kinks where two window values swap places; a small step stays clear of them
        Network network = ModelSpec.parse(spec);
        KitFixtures.Batch batch = KitFixtures.batch(network, 5, 3);
        NetworkFixtures.assertGradientsMatchFiniteDifferences(network, NetworkFixtures.parameters(network, 4), batch,
                12, spec.contains("-p") ? 5e-4 : 2e-2, 3e-2);
    }
}
