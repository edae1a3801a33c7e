package org.initlab.runner.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.initlab.core.backend.BackendProvider;
import org.initlab.core.backend.Backends;
import org.initlab.core.data.BundledMnist;
import org.initlab.core.data.Dataset;
import org.initlab.core.experiment.BatchTrialRunner;
import org.initlab.core.experiment.LocalRunnerProvider;
import org.initlab.core.experiment.RunnerContext;
import org.initlab.core.experiment.TrialRunnerProvider;
import org.initlab.core.experiment.TrialRunners;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.init.InitializerRegistry;
import org.initlab.core.sweep.Grid;
import org.initlab.core.sweep.SweepSpec;
import org.initlab.core.sweep.SweepTrial;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.Trainer;
import org.initlab.core.train.TrainingListener;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;
import org.junit.jupiter.api.Test;

/** The spark runner on an embedded local[2] Spark, against the local runner. */
class SparkRunnerTest {
    static final Dataset TRAIN = BundledMnist.train().head(300);
    static final Dataset TEST = BundledMnist.test().head(100);

    static List<TrialSpec> smallGrid() {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("depth", List.of("1", "2"));
        axes.put("sw", List.of("0.5", "1.5"));
        SweepSpec sweep = new SweepSpec("mlp:784-16x{depth}-10:tanh", "scaled-normal(sigma_w={sw})",
                "normal(std=0.05)", List.of(), "sgd(lr=0.01, momentum=0.9)", "1", "32", 1, 3, new Grid(axes));
        return sweep.trials("native", 100).stream().map(SweepTrial::spec).toList();
    }

    static RunnerContext context(Map<String, String> options, int threads) {
        ClassLoader loader = SparkRunnerTest.class.getClassLoader();
        BackendProvider backend = Backends.choose(Optional.of("native"), Backends.discover(loader));
        return new RunnerContext(options, backend, Optional.of(threads), InitializerRegistry.load(loader),
                new Trainer(), TRAIN, TEST, TrainingListener.NONE);
    }

    static TrialRunnerProvider runner(String name) {
        return TrialRunners.choose(name, TrialRunners.discover(SparkRunnerTest.class.getClassLoader()), "");
    }

    static Map<TrialSpec, TrialResult> runAll(BatchTrialRunner runner, List<TrialSpec> trials) {
        Map<TrialSpec, TrialResult> results = new LinkedHashMap<>();
        Thread caller = Thread.currentThread();
        runner.runAll(trials, (spec, result) -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            assertThat(results.put(spec, result)).as("reported twice: %s", spec).isNull();
        });
        return results;
    }

    /** Everything of a result but its wall times. */
    static List<Object> numbers(TrialResult r) {
        List<Object> n = new ArrayList<>(List.of(r.init(), r.seed(), r.status(), r.message()));
        for (EpochResult e : r.epochs()) {
            n.addAll(List.of(e.epoch(), Double.doubleToRawLongBits(e.trainLoss()),
                    Double.doubleToRawLongBits(e.testLoss()), Double.doubleToRawLongBits(e.testAccuracy())));
        }
        return n;
    }

    @Test
    void sparkFindsItselfThroughTheServiceLoaderBesideLocal() {
        assertThat(TrialRunners.discover(getClass().getClassLoader())).extracting(TrialRunnerProvider::name)
                .contains("local", "spark");
    }

    @Test
    void localTwoGivesBitIdenticalResultsToTheLocalRunner() {
        List<TrialSpec> trials = smallGrid();
        Map<TrialSpec, TrialResult> local;
        try (BatchTrialRunner r = runner(LocalRunnerProvider.NAME).create(context(Map.of(), 1))) {
            local = runAll(r, trials);
        }
        Map<TrialSpec, TrialResult> spark;
        try (BatchTrialRunner r = runner("spark").create(context(Map.of("master", "local[2]"), 1))) {
            assertThat(r.description()).contains("local[2]").contains("1 thread");
            spark = runAll(r, trials);
        }

        assertThat(spark.keySet()).containsExactlyInAnyOrderElementsOf(trials);
        for (TrialSpec t : trials) {
            assertThat(spark.get(t).status()).isEqualTo(TrialStatus.OK);
            assertThat(numbers(spark.get(t))).as(t.key()).isEqualTo(numbers(local.get(t)));
        }
    }

    @Test
    void aTrialThatFailsOnAnExecutorIsReportedFailedWithTheReasonAndTheOthersFinish() {
        List<TrialSpec> trials = new ArrayList<>(smallGrid().subList(0, 2));
        TrialSpec t = trials.get(1);
        trials.set(1, new TrialSpec(t.model(), t.weightInit(), t.biasInit(), t.rules(), t.seed(), t.epochs(),
                t.batchSize(), t.optimizer(), "no-such-backend"));
        try (BatchTrialRunner r = runner("spark").create(context(Map.of("master", "local[2]"), 1))) {
            Map<TrialSpec, TrialResult> results = runAll(r, trials);

            assertThat(results.get(trials.get(0)).status()).isEqualTo(TrialStatus.OK);
            TrialResult failed = results.get(trials.get(1));
            assertThat(failed.status()).isEqualTo(TrialStatus.FAILED);
            assertThat(failed.message()).get().asString().startsWith("on executor driver: ")
                    .contains("no-such-backend");
        }
    }

    @Test
    void aStopAskedForByTheCallerCancelsTheJob() {
        try (BatchTrialRunner r = runner("spark").create(context(Map.of("master", "local[1]"), 1))) {
            List<TrialSpec> seen = new ArrayList<>();
            assertThatThrownBy(() -> r.runAll(smallGrid(), (spec, result) -> {
                seen.add(spec);
                throw new CancellationException("stop requested");
            })).isInstanceOf(CancellationException.class);
            assertThat(seen).hasSize(1);
            // the context is still usable after a cancelled job
            assertThat(runAll(r, smallGrid().subList(0, 1))).hasSize(1);
        }
    }

    @Test
    void anUnreachableMasterIsOneLineWithinSeconds() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        String master = "spark://127.0.0.1:" + port;

        assertThatIllegalArgumentException().isThrownBy(() -> runner("spark").create(context(Map.of("master",
                        master), 1)))
                .withMessageStartingWith("Spark master " + master + " is not reachable (")
                .withMessageEndingWith("); start it, or check --master");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
        assertThatIllegalArgumentException().isThrownBy(() -> runner("spark").create(context(Map.of("master",
                "mesos://x:1"), 1))).withMessage("--master 'mesos://x:1': expected local[N], local[*] or "
                + "spark://HOST:PORT");
        assertThatIllegalArgumentException().isThrownBy(() -> runner("spark").create(context(Map.of("parallel",
                "2"), 1))).withMessage("runner 'spark' has no option 'parallel' (it takes: master)");
    }
}
