package org.initlab.runner.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.initlab.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code initlab sweep --runner spark} through the launcher's entry point, with runner-spark on the class path. */
class SparkSweepCliTest {
    static final String SWEEP = """
            model: "mlp:784-16x{depth}-10:tanh"
            grid:
              depth: [1, 2]
              sw: [0.5, 1.5]
            init: "scaled-normal(sigma_w={sw})"
            bias_init: "normal(std=0.05)"
            optimizer: "sgd(lr=0.01, momentum=0.9)"
            epochs: 1
            seeds: 2
            train_limit: 300
            test_limit: 100
            threads: 1
            plot:
              x: sw
              y: depth
            """;

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Run sweep(Path file, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "-f", file.toString(), "--out", out.toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    static List<String> numbers(Path out) throws Exception {
        // point, axes, seed, status, test_accuracy, test_loss, train_loss: everything but wall times, in sweep order
        return Files.readAllLines(out.resolve("sweep.csv")).stream()
                .map(l -> String.join(",", List.of(l.split(",")).subList(0, 8))).toList();
    }

    @Test
    void aSweepOnLocalTwoWritesTheSameTableAsTheLocalRunner() throws Exception {
        Path file = tmp.resolve("sweep.yaml");
        Files.writeString(file, SWEEP);
        Run local = sweep(file, tmp.resolve("local"), "--quiet");
        Run spark = sweep(file, tmp.resolve("spark"), "--runner", "spark", "--master", "local[2]");

        assertThat(local.code()).as(local.err()).isZero();
        assertThat(spark.code()).as(spark.err()).isZero();
        assertThat(spark.err()).contains("runner spark local[2], one trial per task x 1 thread").contains("[8/8]");
        assertThat(numbers(tmp.resolve("spark"))).hasSize(9).isEqualTo(numbers(tmp.resolve("local")));
        assertThat(Files.readAllLines(tmp.resolve("spark").resolve("trials.jsonl"))).hasSize(8);
        assertThat(Files.readString(tmp.resolve("spark").resolve("report.html"))).contains("heatmap of test_accuracy");
    }

    @Test
    void anUnreachableMasterIsAOneLineErrorWithExitCodeTwoWithinThirtySeconds() throws Exception {
        Path file = tmp.resolve("sweep.yaml");
        Files.writeString(file, SWEEP);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();

        Run r = sweep(file, tmp.resolve("nowhere"), "--runner", "spark", "--master", "spark://127.0.0.1:" + port);

        assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("initlab: Spark master spark://127.0.0.1:" + port + " is not reachable");
    }
}
