package org.initlab.backends.purejava;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.backend.kit.KitFixtures;
import org.initlab.core.backend.kit.KitFixtures.Batch;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code trainStep} and {@code forward} allocate nothing, on the calling thread or on the workers. */
class AllocationFreeStepsTest {
    private static final int STEPS = 1000;

    @ParameterizedTest
    @ValueSource(strings = {"sgd(lr=0.01, momentum=0.9, nesterov=true, weight_decay=0.001)", "adam(lr=0.001)"})
    void trainingStepsAndForwardPassesAllocateNothing(String optimizer) {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        Network network = ModelSpec.parse("mlp:20-33-17-4:gelu");
        Batch batch = KitFixtures.batch(network, 16, 1);
        float[] logits = new float[16 * 4];
        try (Backend backend = new PureJavaBackendProvider().create(new BackendOptions(2));
             TrainingSession session = backend.open(network, KitFixtures.parameters(network, 2),
                     OptimizerSpec.parse(optimizer), 16)) {
            for (int i = 0; i < 20; i++) {
                session.trainStep(batch.inputs(), batch.labels(), 16);
                session.forward(batch.inputs(), 16, logits);
            }
            long[] ids = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("initlab-native-") || t == Thread.currentThread())
                    .mapToLong(Thread::getId).toArray();
            long[] before = threads.getThreadAllocatedBytes(ids);
            for (int i = 0; i < STEPS; i++) {
                session.trainStep(batch.inputs(), batch.labels(), 16);
                session.forward(batch.inputs(), 16, logits);
            }
            long[] after = threads.getThreadAllocatedBytes(ids);
            for (int i = 0; i < ids.length; i++) {
                // one-off allocations (class initialization, a deoptimization) stay below the slack; one object
                // per step, 16 bytes at least, would exceed it twice over
                assertThat(after[i] - before[i]).as("bytes allocated by thread %d in %d steps", ids[i], STEPS)
                        .isLessThan(STEPS * 8L);
            }
            assertThat(ids).hasSize(2);
        }
    }
}
