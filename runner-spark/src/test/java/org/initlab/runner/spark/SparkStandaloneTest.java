package org.initlab.runner.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.initlab.core.experiment.BatchTrialRunner;
import org.initlab.core.experiment.LocalRunnerProvider;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and one worker started as separate processes from this
 * test's class path, a small grid run through them, and both stopped afterwards (also when the test fails).
 * The worker starts executors as processes of their own, with this class path as {@code spark.executor.extraClassPath}.
 */
class SparkStandaloneTest {
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static int masterPort;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void startCluster() throws Exception {
        masterPort = freePort();
        Path home = tmp.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Path masterLog = tmp.resolve("master.log");
        start(masterLog, home, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
        waitFor(() -> accepts(masterPort), 60, "the master to listen", masterLog);
        Path workerLog = tmp.resolve("worker.log");
        start(workerLog, home, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port",
                Integer.toString(freePort()), "--webui-port", Integer.toString(freePort()), "--cores", "2",
                "--memory", "1g", "--work-dir", tmp.resolve("work").toString(), "spark://127.0.0.1:" + masterPort);
        waitFor(() -> Files.readString(masterLog).contains("Registering worker"), 60, "the worker to register",
                workerLog);
    }

    @AfterAll
    static void stopCluster() throws InterruptedException {
        for (Process p : reversed(PROCESSES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
        PROCESSES.clear();
    }

    private static List<Process> reversed(List<Process> list) {
        List<Process> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    @Test
    void aSmallGridRunsOnTheClustersExecutorWithTheLocalRunnersNumbers() {
        List<TrialSpec> trials = SparkRunnerTest.smallGrid();
        Map<TrialSpec, TrialResult> local;
        try (BatchTrialRunner r = SparkRunnerTest.runner(LocalRunnerProvider.NAME)
                .create(SparkRunnerTest.context(Map.of(), 1))) {
            local = SparkRunnerTest.runAll(r, trials);
        }
        System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        System.setProperty("spark.executor.extraJavaOptions", System.getProperty("initlab.spark.javaOptions", ""));
        System.setProperty("spark.executor.memory", "512m");
        System.setProperty("spark.cores.max", "2");
        Map<TrialSpec, TrialResult> cluster;
        try (BatchTrialRunner r = SparkRunnerTest.runner("spark").create(SparkRunnerTest.context(
                Map.of("master", "spark://127.0.0.1:" + masterPort), 1))) {
            cluster = SparkRunnerTest.runAll(r, trials);
        } finally {
            for (String k : List.of("spark.executor.extraClassPath", "spark.executor.extraJavaOptions",
                    "spark.executor.memory", "spark.cores.max")) {
                System.clearProperty(k);
            }
        }
        assertThat(cluster.keySet()).containsExactlyInAnyOrderElementsOf(trials);
        for (TrialSpec t : trials) {
            assertThat(cluster.get(t).status()).as(cluster.get(t).message().orElse("")).isEqualTo(TrialStatus.OK);
            assertThat(SparkRunnerTest.numbers(cluster.get(t))).isEqualTo(SparkRunnerTest.numbers(local.get(t)));
        }
    }

    private static void start(Path log, Path home, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m"));
        for (String option : System.getProperty("initlab.spark.javaOptions", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp",
                System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("OPT_OUT_TRACKING", "true");
        PROCESSES.add(pb.start());
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, int seconds, String what, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            for (Process p : PROCESSES) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a cluster process ended: " + Files.readString(log));
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("timed out waiting for " + what + ": " + Files.readString(log));
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
