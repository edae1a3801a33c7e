package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThreadCountIndependenceTest {

    private record Run(List<Double> losses, ParameterSet parameters, float[] logits) {
    }

    private static Run train(Network network, OptimizerSpec optimizer, int threads) {
        ParameterSet initial = NetworkFixtures.parameters(network, 7);
        List<Double> losses = new ArrayList<>();
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(threads));
             TrainingSession session = backend.open(network, initial, optimizer, 32, 99)) {
            for (int step = 0; step < 6; step++) {
                Batch batch = KitFixtures.batch(network, 32 - 5 * step, 100 + step);
                losses.add(session.trainStep(batch.inputs(), batch.labels(), batch.size()));
            }
            Batch probe = KitFixtures.batch(network, 32, 200);
            float[] logits = new float[32 * network.outputWidth()];
            session.forward(probe.inputs(), 32, logits);
            return new Run(losses, session.parameters(), logits);
        }
    }

    /**
     * Widths chosen so that products split differently per count; the networks cover every layer kind
     * (convolutions with stride, padding and groups, both poolings, batch normalization, dropout, residual blocks
     * with identity and projection shortcuts, gates and scalar biases, direct 3x3 convolutions on padded rows
     * (padding 1), Winograd ones (paddings 0 and 2), vision transformers).
     */
    @ParameterizedTest
    @ValueSource(strings = {"mlp:50-200-130-10:relu", "mlp:9-300-7:gelu", "mlp:33-65x3-4:tanh",
            "cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu", "cnn:1x12x12-c4k3p1-bn-p2-f16-bn-d0.3-10",
            "cnn:3x11x9-c6k3s2p1g3-a2-c5k2-d0.2-f7-4:tanh", "mlp:33-65-[65-65-fixup]x2-pre[40-ln-40-alpha]-4:tanh",
            "cnn:2x10x10-c6k3p1-bn-[c6k3p1-bn-c6k3p1-bn]-[c8k3s2p1-bn-c8k3p1-bn]-gap-5:relu",
            "cnn:3x14x13-c8k3p1-bn-[c8k3p1-bn-c8k3p1-bn]-gap-5:relu", "cnn:8x16x15-c8k3-bn-c9k3p2-gap-4:relu",
            "vit:1x12x12-p3-d12-h3-L2-ff20-5", "vit:2x8x8-p4-d10-h2-L2-post-mean-causal-3:relu"})
    void oneTwoAndThreeThreadsTrainBitIdentically(String spec) {
        Network network = ModelSpec.parse(spec);
        for (boolean vector : new boolean[] {true, false}) {
            boolean previous = Kernels.useVector(vector);
            try {
                trainsBitIdentically(network);
            } finally {
                Kernels.useVector(previous);
            }
        }
    }

    private static void trainsBitIdentically(Network network) {
        for (OptimizerSpec optimizer : List.of(new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8, 1e-4),
                new OptimizerSpec.Sgd(0.05, 0.9, true, 1e-3))) {
            Run one = train(network, optimizer, 1);
            for (int threads : new int[] {2, 3}) {
                Run other = train(network, optimizer, threads);
                assertThat(other.losses()).as("%d threads, %s, %s", threads, optimizer.spec(), Kernels.description()).isEqualTo(one.losses());
                assertThat(other.logits()).containsExactly(one.logits());
                for (String path : one.parameters().paths()) {
                    assertThat(other.parameters().values(path)).as("%s with %d threads", path, threads)
                            .containsExactly(one.parameters().values(path));
                }
            }
        }
    }
}
