package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void everyWorkerRunsItsShareOncePerExecution() {
        try (WorkerPool pool = new WorkerPool(3)) {
            AtomicIntegerArray calls = new AtomicIntegerArray(3);
            ConcurrentHashMap<Integer, String> threads = new ConcurrentHashMap<>();
            for (int i = 0; i < 1000; i++) {
                pool.execute((worker, workers) -> {
                    assertThat(workers).isEqualTo(3);
                    calls.incrementAndGet(worker);
                    threads.put(worker, Thread.currentThread().getName());
                });
            }
            assertThat(calls.get(0)).isEqualTo(1000);
            assertThat(calls.get(1)).isEqualTo(1000);
            assertThat(calls.get(2)).isEqualTo(1000);
            assertThat(threads.get(0)).isEqualTo(Thread.currentThread().getName());
            assertThat(threads.get(1)).startsWith("initlab-native-").endsWith("-1");
            assertThat(threads.get(2)).startsWith("initlab-native-").endsWith("-2");
        }
    }

    @Test
    void aFailingWorkerFailsTheExecutionAndThePoolStaysUsable() {
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThatThrownBy(() -> pool.execute((worker, workers) -> {
                if (worker == 1) {
                    throw new ArithmeticException("boom");
                }
            })).isInstanceOf(ArithmeticException.class).hasMessage("boom");
            int[] seen = new int[2];
            pool.execute((worker, workers) -> seen[worker] = 1);
            assertThat(seen).containsExactly(1, 1);
        }
    }

    @Test
    void executeAfterCloseIsRefused() {
        WorkerPool pool = new WorkerPool(2);
        pool.close();
        assertThatThrownBy(() -> pool.execute((worker, workers) -> { }))
                .isInstanceOf(IllegalStateException.class);
    }
}
