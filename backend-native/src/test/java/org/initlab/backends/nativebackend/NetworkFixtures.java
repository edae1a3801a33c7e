package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/** Parameters for any layer kind, and finite-difference gradient checks through whole sessions. */
final class NetworkFixtures {
    private NetworkFixtures() {
    }

    /**
     * Weights {@code U(+-sqrt(3 / fan_in))} (fan_in: every dimension after the first), biases
     * {@code U(-0.5, 0.5)}, batch-norm scales {@code U(0.5, 1.5)}.
     */
    static ParameterSet parameters(Network network, long seed) {
        SeededRandom root = SeededRandom.of(seed);
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterSpec spec : network.parameters()) {
            SeededRandom random = root.fork(spec.path());
            float[] values = new float[spec.elementCount()];
            int[] dims = spec.shape().dims();
            double low;
            double high;
            if (spec.layerKind() == LayerKind.NORMALIZATION && spec.role() != ParameterRole.BIAS) {
                low = 0.5;
                high = 1.5;
            } else if (spec.role() == ParameterRole.BIAS) {
                low = -0.5;
                high = 0.5;
            } else {
                high = Math.sqrt(3.0 * dims[0] / spec.elementCount());
                low = -high;
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextUniform(low, high);
            }
            tensors.add(new ParameterTensor(spec, values));
        }
        return new ParameterSet(tensors);
    }

    /** @return a copy of {@code set} with one element changed by {@code delta} */
    static ParameterSet perturbed(ParameterSet set, String path, int index, float delta) {
        ParameterSet copy = set.copy();
        copy.values(path)[index] += delta;
        return copy;
    }

    /**
     * The training-mode mean loss with the masks of a session's first training pass: opens a session, runs one
     * {@code gradients} pass (drawing pass 1's masks) and replays the loss.
     */
    static double trainingLoss(Backend backend, Network network, ParameterSet parameters, Batch batch, long seed) {
        try (NativeTrainingSession session = (NativeTrainingSession) backend.open(network, parameters,
                new OptimizerSpec.Sgd(0.1, 0, false, 0), batch.size(), seed)) {
            session.gradients(batch.inputs(), batch.labels(), batch.size());
            return session.replayTrainingLoss(batch.inputs(), batch.labels(), batch.size()) / batch.size();
        }
    }

    /**
     * Checks the first training pass's gradients against central differences of the training loss for up to
     * {@code perTensor} elements of every parameter (spread over the tensor).
     */
    static void assertGradientsMatchFiniteDifferences(Network network, ParameterSet parameters, Batch batch,
                                                      int perTensor, double step, double tolerance) {
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2))) {
            ParameterSet analytic;
            try (TrainingSession session = backend.open(network, parameters, new OptimizerSpec.Sgd(0.1, 0, false, 0),
                    batch.size(), 11)) {
                analytic = session.gradients(batch.inputs(), batch.labels(), batch.size());
            }
            assertThat(analytic.paths()).isEqualTo(network.parameters().stream().map(ParameterSpec::path).toList());
            for (String path : analytic.paths()) {
                float[] g = analytic.values(path);
                double scale = 0;
                for (float v : g) {
                    scale = Math.max(scale, Math.abs(v));
                }
                int stride = Math.max(1, g.length / perTensor);
                for (int i = 0; i < g.length; i += stride) {
                    float h = (float) step;
                    double plus = trainingLoss(backend, network, perturbed(parameters, path, i, h), batch, 11);
                    double minus = trainingLoss(backend, network, perturbed(parameters, path, i, -h), batch, 11);
                    double numeric = (plus - minus) / (2 * step);
                    assertThat((double) g[i]).as("d loss / d %s[%d] of %s", path, i, network)
                            .isCloseTo(numeric, org.assertj.core.data.Offset.offset(
                                    tolerance * (Math.abs(numeric) + 0.1 * scale) + 2e-4));
                }
            }
        }
    }
}
