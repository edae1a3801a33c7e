package org.initlab.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * Meters of a sweep, tagged {@code runner}, updated on the driver as each trial's result arrives (so they work
 * for every runner): {@code initlab.sweep.trials.finished} and {@code initlab.sweep.trials.failed} (counters)
 * and {@code initlab.sweep.trials.remaining} (gauge).
 */
final class SweepMetrics implements MeterBinder {
    private final String runner;
    private final AtomicLong remaining;
    private Counter finished;
    private Counter failed;

    /**
     * @param runner    the runner's name, a tag
     * @param remaining trials still to run when the sweep starts
     */
    SweepMetrics(String runner, long remaining) {
        this.runner = runner;
        this.remaining = new AtomicLong(remaining);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        finished = Counter.builder("initlab.sweep.trials.finished").description("trials finished, any status")
                .tag("runner", runner).register(registry);
        failed = Counter.builder("initlab.sweep.trials.failed").description("trials that failed")
                .tag("runner", runner).register(registry);
        Gauge.builder("initlab.sweep.trials.remaining", remaining, AtomicLong::get)
                .description("trials of the sweep not finished yet").tag("runner", runner).strongReference(true)
                .register(registry);
    }

    /** @param result a trial's result, just arrived */
    void finished(TrialResult result) {
        remaining.decrementAndGet();
        if (finished != null) {
            finished.increment();
            if (result.status() == TrialStatus.FAILED) {
                failed.increment();
            }
        }
    }

    /** @return trials still to run */
    long remaining() {
        return remaining.get();
    }
}
