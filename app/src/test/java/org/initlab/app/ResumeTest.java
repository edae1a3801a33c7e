package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.initlab.core.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Crash safety: the trial journal, --resume, and results that are never half-written. */
class ResumeTest {
    private static final String[] SMALL = {"compare", "--init", "zeros,he-normal", "--seeds", "2", "--epochs", "1",
            "--train-limit", "300", "--test-limit", "100", "--model", "mlp:784-32-10", "--threads", "2"};

    @TempDir
    Path tmp;

    private static CliTest.Run run(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.addAll(List.of("--out", out.toString()));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(String[]::new));
    }

    @Test
    void everyFinishedTrialIsOneJournalLineWithItsSpec() throws Exception {
        Path out = tmp.resolve("run");
        CliTest.Run r = run(out, "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("trials.jsonl"));
        assertThat(lines).hasSize(4);
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        assertThat(first.get("init").asText()).isEqualTo("zeros");
        assertThat(first.get("status").asText()).isEqualTo("ok");
        assertThat(first.get("epochs")).hasSize(1);
        assertThat(first.get("spec").get("model").asText()).isEqualTo("mlp:784-32-10");
        assertThat(first.get("spec").get("backend").asText()).isEqualTo("native");
        assertThat(first.get("spec").get("seed").asLong()).isZero();
    }

    @Test
    void resumeAfterACrashRunsOnlyTheMissingTrialsAndIgnoresATornLastLine() throws Exception {
        Path out = tmp.resolve("run");
        assertThat(run(out, "--quiet").code()).isZero();
        JsonNode complete = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        // simulate kill -9: one finished trial, a torn second line, no results.json yet
        List<String> lines = Files.readAllLines(out.resolve("trials.jsonl"));
        Files.writeString(out.resolve("trials.jsonl"), lines.get(0) + "\n" + lines.get(1).substring(0, 90),
                StandardCharsets.UTF_8);
        Files.delete(out.resolve("results.json"));

        CliTest.Run r = run(out, "--resume");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("ignoring the torn last line 2").contains("1 of 4 trials already finished");
        assertThat(r.err()).doesNotContain("[1/4 zeros seed 0]").contains("[2/4 zeros seed 1]")
                .contains("[4/4 he-normal seed 1]");

        List<String> journal = Files.readAllLines(out.resolve("trials.jsonl"));
        assertThat(journal).hasSize(4);
        assertThat(journal.get(0)).isEqualTo(lines.get(0));
        for (String line : journal) {
            new ObjectMapper().readTree(line);
        }
        JsonNode resumed = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(resumed.get("trials")).hasSize(4);
        for (int i = 0; i < 4; i++) {
            // the same seeds give the same numbers whether a trial ran before or after the crash
            assertThat(resumed.get("trials").get(i).get("epochs").get(0).get("test_accuracy"))
                    .isEqualTo(complete.get("trials").get(i).get("epochs").get(0).get("test_accuracy"));
        }
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(1 + 4);
    }

    @Test
    void resumingAFinishedRunRunsNothingAndRebuildsTheResults() throws Exception {
        Path out = tmp.resolve("run");
        assertThat(run(out, "--quiet").code()).isZero();
        Files.delete(out.resolve("results.json"));
        Files.delete(out.resolve("report.html"));
        CliTest.Run r = run(out, "--resume");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("4 of 4 trials already finished").doesNotContain("done in");
        assertThat(new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("trials")).hasSize(4);
        assertThat(out.resolve("report.html")).exists();
    }

    @Test
    void aJournalOfAnotherExperimentIsAOneLineError() throws Exception {
        Path out = tmp.resolve("run");
        assertThat(run(out, "--quiet").code()).isZero();
        CliTest.Run r = run(out, "--resume", "--batch-size", "32", "--quiet");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("trials.jsonl was written for another experiment (batch_size: 64 vs 32");
    }

    @Test
    void aDamagedLineInTheMiddleIsAnErrorAndResumeNeedsOut() throws Exception {
        Path out = tmp.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("trials.jsonl"), "{not json\n{\"also\": \"bad\"}\n");
        CliTest.Run r = run(out, "--resume");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("trials.jsonl line 1 is damaged");
        CliTest.Run noOut = CliTest.run("compare", "--resume");
        assertThat(noOut.code()).isEqualTo(2);
        assertThat(noOut.err()).contains("--resume needs --out DIR");
    }

    @Test
    void aRunKilledHalfWayNeverLeavesAPartialResultsFile() throws Exception {
        Path out = tmp.resolve("run");
        assertThat(run(out, "--quiet").code()).isZero();
        // a partial journal as a killed run leaves it: results.json is still the previous complete file
        List<String> lines = Files.readAllLines(out.resolve("trials.jsonl"));
        Files.writeString(out.resolve("trials.jsonl"), lines.get(0) + "\n" + lines.get(1) + "\n");
        JsonNode before = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(before.get("trials")).hasSize(4);
        // results are written to a temporary file and moved into place: no *.tmp is left behind
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(run(out, "--resume", "--quiet").code()).isZero();
        assertThat(new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("trials")).hasSize(4);
    }

    @Test
    void resumeWithOnlyOutContinuesTheExperimentWrittenInTheDirectory() throws Exception {
        Path out = tmp.resolve("run");
        // a non-default experiment: model, initializers, seeds, epochs, limits, optimizer and bias all differ
        String[] experiment = {"compare", "--model", "mlp:784-24-10:tanh", "--init", "xavier-uniform,normal(std=0.05)",
                "--bias-init", "constant(0.01)", "--seeds", "2", "--seed", "5", "--epochs", "2", "--batch-size", "50",
                "--optimizer", "adam(lr=0.002)", "--train-limit", "250", "--test-limit", "80", "--threads", "1",
                "--out", out.toString(), "--quiet"};
        assertThat(CliTest.run(experiment).code()).isZero();
        JsonNode complete = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        List<String> lines = Files.readAllLines(out.resolve("trials.jsonl"));
        Files.writeString(out.resolve("trials.jsonl"), lines.get(0) + "\n" + lines.get(1) + "\n");
        Files.delete(out.resolve("results.json"));

        CliTest.Run r = CliTest.run("compare", "--out", out.toString(), "--resume");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("2 of 4 trials already finished").contains("[3/4 normal(std=0.05) seed 5]");
        JsonNode resumed = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(resumed.get("config").get("model").asText()).isEqualTo("mlp:784-24-10:tanh");
        assertThat(resumed.get("config").get("optimizer").asText()).startsWith("adam(lr=0.002");
        assertThat(resumed.get("trials")).hasSize(4);
        for (int i = 0; i < 4; i++) {
            // the same experiment: the resumed trials give the numbers of the complete run
            assertThat(resumed.get("trials").get(i).get("epochs").get(1).get("train_loss"))
                    .isEqualTo(complete.get("trials").get(i).get("epochs").get(1).get("train_loss"));
            assertThat(resumed.get("trials").get(i).get("epochs").get(1).get("test_accuracy"))
                    .isEqualTo(complete.get("trials").get(i).get("epochs").get(1).get("test_accuracy"));
        }

        // an option given explicitly must still match the run
        CliTest.Run other = CliTest.run("compare", "--out", out.toString(), "--resume", "--epochs", "3", "--quiet");
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err().strip().lines()).hasSize(1);
        assertThat(other.err()).contains("was written for another experiment (epochs: 2 vs 3");

        // options that do not change the trials already run extend the experiment: one more seed
        CliTest.Run more = CliTest.run("compare", "--out", out.toString(), "--resume", "--seeds", "3", "--quiet");
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("trials")).hasSize(6);
        assertThat(Files.readString(out.resolve("experiment.yaml"))).contains("seeds: 3").contains("epochs: 2");
    }

    @Test
    void aRequestedStopAbandonsTheTrialInProgress() {
        GracefulStop stop = GracefulStop.manual();
        TrainingListener listener = stop.listener();
        listener.stepFinished(1, 1, 0.5);
        stop.request();
        assertThat(stop.requested()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> listener.stepFinished(1, 2, 0.5))
                .isInstanceOf(CancellationException.class);
        stop.close();
    }
}
