package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code trainStep} and {@code forward} allocate nothing, on the calling thread or on the workers. */
class AllocationFreeStepsTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "mlp:20-33-17-4:gelu; sgd(lr=0.01, momentum=0.9, nesterov=true, weight_decay=0.001); 16; 3000; 1000",
            "mlp:20-33-17-4:gelu; adam(lr=0.001); 16; 3000; 1000",
            "cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu; sgd(lr=0.01, momentum=0.9); 2; 400; 200",
            "cnn:1x12x12-c4k3p1-bn-p2-f16-bn-d0.3-10; adam(lr=0.001); 8; 1500; 500",
            "cnn:3x9x9-c6k3s2p1g3-a2-f7-4:tanh; sgd(lr=0.01); 3; 1500; 500",
            "cnn:1x8x8-c4k3p1-bn-[c4k3p1-bn-c4k3p1-bn]-[c8k3s2p1-bn-c8k3p1-bn]-gap-10:relu; sgd(lr=0.01, momentum=0.9); 4; 1500; 500",
            "cnn:2x14x13-c8k3p1-bn-[c8k3p1-bn-c8k3p1-bn]-gap-5:relu; sgd(lr=0.01, momentum=0.9); 5; 1000; 300",
            "mlp:20-16-pre[16-ln-16-ln-alpha]x2-[12-fixup]-4:tanh; adam(lr=0.001, weight_decay=0.01); 8; 3000; 1000",
            "vit:1x12x12-p4-d16-h4-L2-10; adam(lr=0.001); 8; 1500; 500",
            "vit:1x8x8-p2-d8-h2-L1-post-mean-causal-4:relu; sgd(lr=0.01, momentum=0.9); 4; 1500; 500"})
    void trainingStepsAndForwardPassesAllocateNothing(String spec, String optimizer, int size, int warmUp,
                                                      int steps) {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Network network = ModelSpec.parse(spec);
        Batch batch = KitFixtures.batch(network, size, 1);
        float[] logits = new float[size * network.outputWidth()];
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
             TrainingSession session = backend.open(network, NetworkFixtures.parameters(network, 2),
                     OptimizerSpec.parse(optimizer), size, 5)) {
            // the Vector API kernels allocate their vectors until C2 has compiled them (escape analysis removes
            // the boxes), and on a loaded machine the compiler threads lag: so measure windows of `steps` steps
            // until one allocates nothing, for up to two minutes; a real per-step allocation never stops
            for (int i = 0; i < warmUp; i++) {
                session.trainStep(batch.inputs(), batch.labels(), size);
                session.forward(batch.inputs(), size, logits);
            }
            long[] ids = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("initlab-native-") || t == Thread.currentThread())
                    .mapToLong(Thread::getId).toArray();
            long deadline = System.nanoTime() + 120_000_000_000L;
            long[] allocated;
            do {
                long[] before = threads.getThreadAllocatedBytes(ids);
                for (int i = 0; i < steps; i++) {
                    session.trainStep(batch.inputs(), batch.labels(), size);
                    session.forward(batch.inputs(), size, logits);
                }
                long[] after = threads.getThreadAllocatedBytes(ids);
                allocated = new long[ids.length];
                for (int i = 0; i < ids.length; i++) {
                    allocated[i] = after[i] - before[i];
                }
            } while (java.util.Arrays.stream(allocated).anyMatch(a -> a >= steps * 8L) && System.nanoTime() < deadline);
            for (int i = 0; i < ids.length; i++) {
                // one-off allocations (class initialization, a deoptimization) stay below the slack; one object
                // per step, 16 bytes at least, would exceed it twice over
                assertThat(allocated[i]).as("bytes allocated by thread %d in %d steps", ids[i], steps)
                        .isLessThan(steps * 8L);
            }
            assertThat(ids).hasSize(2);
        }
    }
}
