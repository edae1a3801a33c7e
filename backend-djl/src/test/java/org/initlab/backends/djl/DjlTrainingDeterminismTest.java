package org.initlab.backends.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures;
import org.initlab.testkit.backend.KitFixtures.Batch;
import org.junit.jupiter.api.Test;

/**
 * Training repeats bit for bit: two sessions of the same deep vision transformer, opened one after the other in
 * one backend, give the same loss at every step (libtorch with two intra-op threads), while another thread
 * collects garbage and reuses freed direct memory. Before the fix, DJL's {@code NDArray.mul(Number)} in the
 * attention scale and DeepNorm's shortcut left autograd a tensor over a Java buffer that the garbage collector
 * freed before the backward pass: losses that differed between the sessions, or NaN.
 */
class DjlTrainingDeterminismTest {
    private static final int STEPS = 30;
    private static final int BATCH = 64;

    @Test
    void aDeepVisionTransformerTrainsTheSameTwice() {
        Network network = ModelSpec.parse("vit:1x28x28-p7-d32-h4-L24-post-deepnorm-10");
        ParameterSet initial = KitFixtures.parameters(network, 5);
        Batch[] batches = new Batch[4];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = KitFixtures.batch(network, BATCH, 100 + i);
        }
        Thread scribbler = new Thread(DjlTrainingDeterminismTest::scribble, "gc-scribbler");
        scribbler.setDaemon(true);
        scribbler.start();
        try (DjlBackend backend = (DjlBackend) new DjlBackendProvider().create(new BackendOptions(2))) {
            float[] first = train(backend, network, initial, batches);
            float[] second = train(backend, network, initial, batches);
            assertThat(second).containsExactly(first);
            for (float loss : first) {
                assertThat(loss).isFinite();
            }
        } finally {
            scribbler.interrupt();
        }
    }

    /**
     * Collects garbage and fills fresh direct buffers with NaN while the sessions train, so that native memory
     * freed with an unreachable direct buffer is soon reused: a tensor that still points into such memory (as
     * DJL's {@code mul(Number)} scalars did, saved by autograd) then corrupts the loss at once.
     */
    private static void scribble() {
        while (!Thread.currentThread().isInterrupted()) {
            for (int i = 0; i < 64; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                buffer.putFloat(0, Float.NaN);
            }
            System.gc();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static float[] train(DjlBackend backend, Network network, ParameterSet initial, Batch[] batches) {
        float[] losses = new float[STEPS];
        try (TrainingSession session = backend.open(network, initial, new OptimizerSpec.Adam(1e-3, 0.9, 0.999,
                1e-8, 0), BATCH)) {
            for (int step = 0; step < STEPS; step++) {
                Batch b = batches[step % batches.length];
                losses[step] = (float) session.trainStep(b.inputs(), b.labels(), b.size());
            }
        }
        return losses;
    }
}
