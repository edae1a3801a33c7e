package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Vector API kernels and the scalar ones agree within float rounding. */
class KernelPathsTest {

    private static ParameterSet gradients(Network network, boolean vector) {
        boolean previous = Kernels.useVector(vector);
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
             TrainingSession session = backend.open(network, NetworkFixtures.parameters(network, 3),
                     new OptimizerSpec.Sgd(0.1, 0, false, 0), 24, 5)) {
            KitFixtures.Batch batch = KitFixtures.batch(network, 24, 6);
            return session.gradients(batch.inputs(), batch.labels(), 24);
        } finally {
            Kernels.useVector(previous);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp:300-130-70-10:relu", "cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu",
            "cnn:3x13x13-c12k3s2p1g3-bn-a2-c7k2-d0.3-f9-5:tanh"})
    void vectorAndScalarKernelsGiveTheSameGradientsWithinRounding(String spec) {
        assumeThat(VectorSupport.ENABLED).as("the JVM runs with --add-modules jdk.incubator.vector").isTrue();
        Network network = ModelSpec.parse(spec);
        ParameterSet vector = gradients(network, true);
        ParameterSet scalar = gradients(network, false);
        for (String path : scalar.paths()) {
            float[] s = scalar.values(path);
            float[] v = vector.values(path);
            double scale = 0;
            for (float x : s) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int i = 0; i < s.length; i++) {
                assertThat(Math.abs(v[i] - s[i])).as("%s[%d]: vector %s, scalar %s", path, i, v[i], s[i])
                        .isLessThanOrEqualTo((float) (1e-4 * (Math.abs(s[i]) + 0.1 * scale) + 1e-7));
            }
        }
    }
}
