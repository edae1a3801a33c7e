package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code initlab compare --runner}: the local runner is the default, an unknown one is a one-line error. */
class CompareRunnerTest {
    static final String[] TINY = {"compare", "--init", "zeros,he-normal", "--seeds", "2", "--epochs", "1",
            "--train-limit", "200", "--test-limit", "100", "--model", "mlp:784-16-10:tanh", "--threads", "1"};

    @TempDir
    Path tmp;

    static CliTest.Run compare(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(TINY));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(String[]::new));
    }

    /** @return every trial's status and per-epoch numbers, without the wall times */
    static List<String> numbers(Path out) throws Exception {
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        List<String> rows = new ArrayList<>();
        for (JsonNode trial : json.get("trials")) {
            for (JsonNode epoch : trial.get("epochs")) {
                rows.add(trial.get("init").asText() + " " + trial.get("seed").asLong() + " "
                        + trial.get("status").asText() + " " + epoch.get("train_loss").asDouble() + " "
                        + epoch.get("test_loss").asDouble() + " " + epoch.get("test_accuracy").asDouble());
            }
        }
        return rows;
    }

    @Test
    void runnerLocalGivesTheSameResultsJournalAndProgressAsTheDefault() throws Exception {
        CliTest.Run byDefault = compare(tmp.resolve("default"));
        CliTest.Run local = compare(tmp.resolve("local"), "--runner", "local");

        assertThat(byDefault.code()).as(byDefault.err()).isZero();
        assertThat(local.code()).as(local.err()).isZero();
        assertThat(numbers(tmp.resolve("local"))).hasSize(4).isEqualTo(numbers(tmp.resolve("default")));
        assertThat(local.err()).contains("[4/4 he-normal seed 1] done").doesNotContain("runner");
        assertThat(Files.readAllLines(tmp.resolve("local").resolve(TrialJournal.FILE))).hasSize(4);
        assertThat(local.out().lines().filter(l -> l.contains("zeros") || l.contains("he-normal")).toList())
                .hasSize(2);
    }

    @Test
    void anUnknownRunnerIsOneLineWithExitCodeTwoBeforeAnyOutput() {
        Path out = tmp.resolve("nope");
        CliTest.Run r = compare(out, "--runner", "nope");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("initlab: runner 'nope' is not on the class path (available: local)");
        assertThat(out).doesNotExist();
    }

    @Test
    void sparkWithoutTheModuleAndAMasterForTheLocalRunnerAreOneLineErrors() {
        CliTest.Run spark = compare(tmp.resolve("spark"), "--runner", "spark");
        CliTest.Run master = compare(tmp.resolve("master"), "--master", "local[2]");

        assertThat(spark.code()).isEqualTo(2);
        assertThat(spark.err().strip().lines()).as(spark.err()).hasSize(1);
        assertThat(spark.err()).contains("runner 'spark' is not on the class path").contains("runner-spark");
        assertThat(master.code()).isEqualTo(2);
        assertThat(master.err().strip()).isEqualTo("initlab: runner 'local' has no option 'master' (--master is for "
                + "a remote runner such as --runner spark)");
        assertThat(tmp.resolve("spark")).doesNotExist();
    }
}
