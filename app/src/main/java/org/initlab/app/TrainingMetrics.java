package org.initlab.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;

/**
 * Training meters, fed by the trainer's events and tagged {@code init}, {@code seed} and {@code backend}:
 * <ul>
 *   <li>{@code initlab.train.loss} (gauge): the latest mini-batch loss;</li>
 *   <li>{@code initlab.train.accuracy} (gauge): the test accuracy after the latest epoch, in [0, 1];</li>
 *   <li>{@code initlab.train.samples.per.second} (gauge): training throughput of the latest finished trial;</li>
 *   <li>{@code initlab.train.epoch.seconds} (timer): wall time of each epoch.</li>
 * </ul>
 * Bind it to a registry ({@link #bindTo}) before the first trial; it then listens like any other
 * {@link TrainingListener}.
 */
final class TrainingMetrics implements MeterBinder, TrainingListener {
    /** A gauge's current value. */
    private static final class Value {
        private volatile double value = Double.NaN;

        double get() {
            return value;
        }
    }

    private final String backend;
    private final Map<String, Value> values = new ConcurrentHashMap<>();
    private MeterRegistry registry;
    private Tags tags = Tags.empty();

    /** @param backend the backend's name, a tag of every meter */
    TrainingMetrics(String backend) {
        this.backend = backend;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void trialStarted(String init, long seed, int epochs, int steps) {
        tags = Tags.of("init", init, "seed", Long.toString(seed), "backend", backend);
    }

    @Override
    public void stepFinished(int epoch, int step, double loss) {
        gauge("initlab.train.loss", "latest mini-batch training loss").value = loss;
    }

    @Override
    public void epochFinished(EpochResult result) {
        gauge("initlab.train.accuracy", "test accuracy after the latest epoch").value = result.testAccuracy();
        if (registry != null) {
            Timer.builder("initlab.train.epoch.seconds").description("wall time of an epoch").tags(tags)
                    .register(registry).record(Duration.ofNanos((long) (result.seconds() * 1e9)));
        }
    }

    @Override
    public void trialFinished(TrialResult result) {
        gauge("initlab.train.samples.per.second", "training throughput").value = result.samplesPerSecond();
    }

    private Value gauge(String name, String description) {
        return values.computeIfAbsent(name + tags, k -> {
            Value v = new Value();
            if (registry != null) {
                Gauge.builder(name, v, Value::get).description(description).tags(tags).strongReference(true)
                        .register(registry);
            }
            return v;
        });
    }
}
