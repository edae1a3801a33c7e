package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Makes an engine that runs trials discoverable through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.initlab.core.experiment.TrialRunnerProvider}), like the backends: core brings
 * {@code local} ({@link LocalRunnerProvider}); the {@code runner-spark} module brings {@code spark}. Construction
 * and {@link #name()} are cheap and start nothing; {@link #create} connects.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface TrialRunnerProvider {
    /** @return the unique lowercase name, used by {@code --runner} */
    String name();

    /**
     * Creates the runner.
     *
     * @param context the backend, data, options and listener
     * @return the runner; close it when done
     * @throws IllegalArgumentException for a bad option or an engine that cannot be reached (one line)
     */
    BatchTrialRunner create(RunnerContext context);
}
