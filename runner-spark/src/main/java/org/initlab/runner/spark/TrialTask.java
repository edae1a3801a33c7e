package org.initlab.runner.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.data.Dataset;
import org.initlab.core.experiment.LocalTrialRunner;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * What one Spark task does on its executor: takes its partition's single trial, opens the named backend with
 * the task's CPUs as threads ({@code spark.task.cpus}), trains on the broadcast data and returns the result.
 * Anything that goes wrong becomes a {@link TrialStatus#FAILED} result with the reason, so a trial that cannot
 * run is reported, not retried; only a lost executor makes Spark run a task again.
 */
final class TrialTask extends AbstractFunction1<Iterator<WireTrial>, WireResult> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Broadcast<WireData> data;

    /** @param data the broadcast training and test data */
    TrialTask(Broadcast<WireData> data) {
        this.data = data;
    }

    @Override
    public WireResult apply(Iterator<WireTrial> partition) {
        WireTrial trial = partition.next();
        TrialSpec spec = trial.spec();
        TaskContext task = TaskContext.get();
        int threads = Math.max(1, task == null ? 1 : task.cpus());
        String executor = SparkEnv.get() == null ? "?" : SparkEnv.get().executorId();
        try {
            Dataset[] sets = WireData.datasets(data.id(), data.value());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            BackendProvider provider = Backends.choose(Optional.of(spec.backend()), Backends.discover(loader));
            try (Backend backend = provider.create(new BackendOptions(threads))) {
                TrialResult r = new LocalTrialRunner(Registries.get(loader), new Trainer(), backend, sets[0], sets[1])
                        .run(spec, TrainingListener.NONE);
                return WireResult.of(trial.index(), r, executor);
            }
        } catch (RuntimeException | LinkageError e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            return WireResult.of(trial.index(), new TrialResult(spec.weightInit(), spec.seed(), TrialStatus.FAILED,
                    List.of(), 0, 0, Optional.of("on executor " + executor + ": " + reason)), executor);
        }
    }

    /** One initializer registry per executor JVM and class loader. */
    static final class Registries {
        private static final java.util.Map<ClassLoader, InitializerRegistry> BY_LOADER =
                new java.util.concurrent.ConcurrentHashMap<>();

        private Registries() {
        }

        static InitializerRegistry get(ClassLoader loader) {
            return BY_LOADER.computeIfAbsent(loader, InitializerRegistry::load);
        }
    }
}
