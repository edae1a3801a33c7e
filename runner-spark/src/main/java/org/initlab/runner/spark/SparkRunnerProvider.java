package org.initlab.runner.spark;

import java.util.Locale;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.initlab.core.experiment.BatchTrialRunner;
import org.initlab.core.experiment.RunnerContext;
import org.initlab.core.experiment.TrialRunnerProvider;

/**
 * The {@code spark} runner ({@code --runner spark}): option {@code master}, {@code local[N]} (an embedded Spark,
 * the default {@code local[*]}) or {@code spark://HOST:PORT[,HOST:PORT]} (a standalone cluster); under
 * {@code spark-submit} the master that spark-submit was given. Threads per trial are {@code spark.task.cpus}
 * ({@code --threads} sets it). Other Spark settings come from {@code spark.*} system properties, as
 * {@link SparkConf} reads them. Cheap to construct; {@link #create} starts the Spark driver.
 */
public final class SparkRunnerProvider implements TrialRunnerProvider {
    /** The runner's name, {@code spark}. */
    public static final String NAME = "spark";
    /** The master when none is given: all local cores. */
    public static final String DEFAULT_MASTER = "local[*]";

    /** Creates the provider; starts nothing. */
    public SparkRunnerProvider() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for an unknown option, a master URL of another kind, or a standalone
     *                                  master that does not answer
     */
    @Override
    public BatchTrialRunner create(RunnerContext context) {
        context.requireOnly(NAME, Set.of("master"));
        SparkConf conf = new SparkConf(true);
        String master = context.option("master").orElse(conf.get("spark.master", DEFAULT_MASTER));
        Masters.check(master);
        conf.setMaster(master);
        conf.setIfMissing("spark.app.name", "initlab");
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        context.threads().ifPresent(t -> conf.set("spark.task.cpus", Integer.toString(t)));
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        String description = String.format(Locale.ROOT, "spark %s, one trial per task x %d thread%s (spark.task.cpus)",
                master, taskCpus, taskCpus == 1 ? "" : "s");
        return new SparkBatchRunner(conf, WireData.of(context.train(), context.test()), description);
    }
}
