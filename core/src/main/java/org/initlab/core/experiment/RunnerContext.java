package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.data.Dataset;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingListener;

/**
 * What a {@link TrialRunnerProvider} gets to build a {@link BatchTrialRunner}.
 *
 * @param options  runner settings by name (e.g. {@code master}, {@code parallel}); a runner rejects names it
 *                 does not know
 * @param backend  the backend every trial runs on; a remote runner sends only its name
 * @param threads  threads per trial, when the user chose them; else the runner decides
 * @param registry resolves initializer specs (the local runner's; a remote one loads its own)
 * @param trainer  trains each trial
 * @param train    training data
 * @param test     test data
 * @param listener progress of the trials run in this JVM; called from several threads when trials run
 *                 concurrently, so it must be thread-safe
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record RunnerContext(Map<String, String> options, BackendProvider backend, Optional<Integer> threads,
                            InitializerRegistry registry, Trainer trainer, Dataset train, Dataset test,
                            TrainingListener listener) {
    /** Validates and copies. */
    public RunnerContext {
        options = Map.copyOf(options);
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(listener, "listener");
    }

    /**
     * @param name an option's name
     * @return its value, if given
     */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * Fails for options the runner does not know.
     *
     * @param runner the runner's name, for the message
     * @param known  the options it takes
     * @throws IllegalArgumentException naming the first unknown option
     */
    public void requireOnly(String runner, java.util.Set<String> known) {
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("runner '" + runner + "' has no option '" + name + "' (it takes: "
                        + (known.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(known))) + ")");
            }
        }
    }
}
