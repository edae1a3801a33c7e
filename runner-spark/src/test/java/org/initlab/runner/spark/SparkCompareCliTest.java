package org.initlab.runner.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code initlab compare --runner spark} through the launcher's entry point, with runner-spark on the class path. */
class SparkCompareCliTest {
    static final String[] TINY = {"compare", "--init", "zeros,he-normal,normal(std=0.05)", "--seeds", "2",
            "--epochs", "1", "--train-limit", "300", "--test-limit", "100", "--model", "mlp:784-16-10:tanh",
            "--threads", "1"};

    @TempDir
    Path tmp;

    static SparkSweepCliTest.Run compare(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(TINY));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(extra));
        return SparkSweepCliTest.run(args.toArray(String[]::new));
    }

    /** @return results.csv without its seconds column: every trial's epochs, in run order */
    static List<String> numbers(Path out) throws Exception {
        return Files.readAllLines(out.resolve("results.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    /** @return the summary table's rows with the wall times blanked */
    static List<String> table(String stdout) {
        return stdout.lines().filter(l -> l.contains("zeros") || l.contains("he-normal") || l.contains("normal("))
                .map(l -> l.replaceAll("  [0-9]+\\.[0-9]s ", "  (time) ")).toList();
    }

    @Test
    void compareOnLocalTwoGivesTheSameTableResultsAndJournalAsTheLocalRunner() throws Exception {
        SparkSweepCliTest.Run local = compare(tmp.resolve("local"), "--quiet");
        SparkSweepCliTest.Run spark = compare(tmp.resolve("spark"), "--runner", "spark", "--master", "local[2]");

        assertThat(local.code()).as(local.err()).isZero();
        assertThat(spark.code()).as(spark.err()).isZero();
        assertThat(spark.err()).contains("runner spark local[2], one trial per task x 1 thread");
        assertThat(numbers(tmp.resolve("spark"))).hasSize(7).isEqualTo(numbers(tmp.resolve("local")));
        assertThat(table(spark.out())).hasSize(3).isEqualTo(table(local.out()));
        assertThat(Files.readAllLines(tmp.resolve("spark").resolve("trials.jsonl"))).hasSize(6);
        assertThat(Files.readString(tmp.resolve("spark").resolve("experiment.yaml")))
                .contains("runner: spark").contains("master: \"local[2]\"");
        assertThat(tmp.resolve("spark").resolve("report.html")).exists();
    }
}
