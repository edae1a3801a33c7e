package org.initlab.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.initlab.core.experiment.LocalRunnerProvider;
import org.initlab.core.experiment.TrialRunnerProvider;
import org.initlab.core.experiment.TrialRunners;
import picocli.CommandLine.Option;

/**
 * The options that choose what runs the trials of {@code compare} and {@code sweep}, declared once (a picocli
 * mixin): {@code --runner NAME} (a {@link TrialRunnerProvider} found on the class path; default {@code local}) and
 * {@code --master URL}. Sweep adds its own {@code --parallel} for the local runner.
 */
final class RunnerOptions {
    @Option(names = "--runner", paramLabel = "NAME", defaultValue = LocalRunnerProvider.NAME,
            description = "What runs the trials: local (this JVM) or spark (the runner-spark module) "
                    + "(default: ${DEFAULT-VALUE}).")
    String runner = LocalRunnerProvider.NAME;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --runner spark: local[N] (embedded; default local[*]) or spark://HOST:PORT.")
    Optional<String> master = Optional.empty();

    /** @return whether the trials run the classic way, one after the other in this thread */
    boolean local() {
        return runner.equals(LocalRunnerProvider.NAME);
    }

    /**
     * @param providers the discovered runners
     * @return the runner asked for
     * @throws IllegalArgumentException for an unknown runner (naming the known ones) or {@code --master} without
     *                                  a runner that takes it
     */
    TrialRunnerProvider choose(List<TrialRunnerProvider> providers) {
        TrialRunnerProvider chosen = TrialRunners.choose(runner, providers,
                runner.equals("spark") ? SweepCommand.SPARK_HINT : "");
        if (local() && master.isPresent()) {
            throw new IllegalArgumentException("runner 'local' has no option 'master' (--master is for a remote "
                    + "runner such as --runner spark)");
        }
        return chosen;
    }

    /** @return the runner's settings by name, for its {@link org.initlab.core.experiment.RunnerContext} */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        master.ifPresent(m -> settings.put("master", m));
        return settings;
    }
}
