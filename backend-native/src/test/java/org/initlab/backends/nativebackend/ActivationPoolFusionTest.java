package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A ReLU and the pooling layer after it, run as one phase plane by plane, train exactly as the two phases one
 * after the other: the same losses, gradients and parameters, bit for bit. So do a batch normalization and a
 * residual sum that run the ReLU after them in their own passes, with the Vector API kernels and without.
 */
class ActivationPoolFusionTest {

    private record Run(List<Double> losses, ParameterSet gradients, ParameterSet parameters, int fusedLayers,
                       int phases) {
    }

    private static Run train(Network network, boolean fuse) {
        boolean previous = NativeFusion.use(fuse);
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
             NativeTrainingSession session = (NativeTrainingSession) backend.open(network,
                     NetworkFixtures.parameters(network, 5), new OptimizerSpec.Sgd(0.05, 0.9, false, 0), 24, 3)) {
            int fused = 0;
            for (int l = 0; l < network.layers().size(); l++) {
                fused += session.runsWithNext(l) ? 1 : 0;
            }
            List<Double> losses = new ArrayList<>();
            for (int step = 0; step < 4; step++) {
                Batch batch = KitFixtures.batch(network, 24 - 3 * step, 10 + step);
                losses.add(session.trainStep(batch.inputs(), batch.labels(), batch.size()));
            }
            Batch probe = KitFixtures.batch(network, 24, 50);
            ParameterSet gradients = session.gradients(probe.inputs(), probe.labels(), 24);
            return new Run(losses, gradients, session.parameters(), fused, session.phases());
        } finally {
            NativeFusion.use(previous);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu', 2",
            "'cnn:2x11x13-c4k3-p2-c6k2-a2-f8-5:relu', 2", // odd planes (floor mode), average pooling
            "'cnn:1x12x12-c4k3p1-bn-p2-f16-10', 1",       // ReLU after batch normalization
            "'cnn:3x11x9-c6k3s2p1g3-a2-c5k2-f7-4:tanh', 0"}) // only ReLU fuses
    void fusedActivationAndPoolingTrainBitIdentically(String spec, int expectedFused) {
        Network network = ModelSpec.parse(spec);
        Run fused = train(network, true);
        Run plain = train(network, false);
        assertThat(fused.fusedLayers()).isEqualTo(expectedFused);
        assertThat(plain.fusedLayers()).isZero();
        assertThat(fused.losses()).containsExactlyElementsOf(plain.losses());
        for (String path : plain.parameters().paths()) {
            assertThat(fused.parameters().values(path)).as(path).containsExactly(plain.parameters().values(path));
            assertThat(fused.gradients().values(path)).as("gradient of %s", path)
                    .containsExactly(plain.gradients().values(path));
        }
    }

    @ParameterizedTest(name = "{0}, vector {1}")
    @CsvSource({"'cnn:2x10x10-c6k3p1-bn-[c6k3p1-bn-c6k3p1-bn]-[c8k3s2p1-bn-c8k3p1-bn]-gap-5:relu', true",
            "'cnn:2x10x10-c6k3p1-bn-[c6k3p1-bn-c6k3p1-bn]-[c8k3s2p1-bn-c8k3p1-bn]-gap-5:relu', false",
            "'cnn:3x9x9-c5k3p1-bn-c7k3-bn-pre[c7k3p1-bn-c7k3p1]-gap-4:relu', true",
            "'cnn:3x9x9-c5k3p1-bn-c7k3-bn-pre[c7k3p1-bn-c7k3p1]-gap-4:relu', false"})
    void batchNormAndResidualSumsRunningTheirReluTrainBitIdentically(String spec, boolean vector) {
        Network network = ModelSpec.parse(spec);
        boolean previous = Kernels.useVector(vector);
        try {
            Run fused = train(network, true);
            Run plain = train(network, false);
            // each batch norm that runs its ReLU saves two phases, each residual sum that does one
            assertThat(fused.phases()).isLessThan(plain.phases());
            assertThat(fused.losses()).containsExactlyElementsOf(plain.losses());
            for (String path : plain.parameters().paths()) {
                assertThat(fused.parameters().values(path)).as(path).containsExactly(plain.parameters().values(path));
                assertThat(fused.gradients().values(path)).as("gradient of %s", path)
                        .containsExactly(plain.gradients().values(path));
            }
        } finally {
            Kernels.useVector(previous);
        }
    }
}
