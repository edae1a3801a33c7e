package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
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

    @Test
    void compareOnASliceOfBundledMnistWritesResults() throws Exception {
        Path out = tmp.resolve("out");
        Run r = run("compare", "--init", "zeros,he-normal", "--seeds", "2", "--epochs", "2", "--train-limit", "600",
                "--test-limit", "300", "--batch-size", "32", "--out", out.toString(), "--threads", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("test acc mean ± std").contains("zeros").contains("he-normal");
        assertThat(r.err()).contains("epoch 2/2");

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("summary")).hasSize(2);
        JsonNode zeros = json.get("summary").get(0);
        JsonNode he = json.get("summary").get(1);
        assertThat(zeros.get("init").asText()).isEqualTo("zeros");
        assertThat(he.get("init").asText()).isEqualTo("he-normal");
        // the summary is the mean and sample std of the trials' final test accuracies, and He on 600 digits
        // learns: two epochs of SGD reach far above the 10% of guessing (a summary in [0, 1] would accept both)
        List<Double> heFinal = new ArrayList<>();
        for (JsonNode t : json.get("trials")) {
            if (t.get("init").asText().equals("he-normal")) {
                JsonNode epochs = t.get("epochs");
                heFinal.add(epochs.get(epochs.size() - 1).get("test_accuracy").asDouble());
            }
        }
        assertThat(heFinal).hasSize(2);
        double heMean = (heFinal.get(0) + heFinal.get(1)) / 2;
        assertThat(he.get("test_accuracy_mean").asDouble()).isCloseTo(heMean, within(1e-12)).isGreaterThan(0.7);
        assertThat(he.get("test_accuracy_std").asDouble())
                .isCloseTo(Math.abs(heFinal.get(0) - heFinal.get(1)) / Math.sqrt(2), within(1e-12));
        // zero weights: only the output bias learns, so every prediction is one class
        assertThat(he.get("test_accuracy_mean").asDouble()).isGreaterThan(zeros.get("test_accuracy_mean").asDouble() + 0.3);
        assertThat(zeros.get("test_accuracy_mean").asDouble()).isLessThan(0.2);

        JsonNode trials = json.get("trials");
        assertThat(trials).hasSize(4);
        JsonNode first = trials.get(0);
        assertThat(first.get("init").asText()).isEqualTo("zeros");
        assertThat(first.get("seed").asLong()).isZero();
        assertThat(first.get("status").asText()).isEqualTo("ok");
        assertThat(first.get("epochs")).hasSize(2);
        JsonNode epoch = first.get("epochs").get(0);
        assertThat(epoch.get("epoch").asInt()).isEqualTo(1);
        assertThat(epoch.has("train_loss") && epoch.has("test_loss") && epoch.has("test_accuracy")).isTrue();
        assertThat(json.get("config").get("model").asText()).isEqualTo("mlp:784-512-128-10:relu");
        assertThat(json.get("config").get("train_size").asInt()).isEqualTo(600);
        assertThat(json.get("config").get("optimizer").asText()).isEqualTo("sgd(lr=0.01, momentum=0.9)");

        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv.get(0)).isEqualTo("init,seed,status,epoch,train_loss,test_loss,test_accuracy,seconds");
        assertThat(csv).hasSize(1 + 4 * 2);
    }

    @Test
    void sameSeedGivesIdenticalResults() throws Exception {
        String[] args = {"compare", "--init", "xavier-uniform", "--seeds", "1", "--seed", "11", "--epochs", "1",
                "--train-limit", "256", "--test-limit", "128", "--quiet", "--model", "mlp:784-32-10:tanh"};
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        List<String> argsA = new ArrayList<>(List.of(args));
        argsA.addAll(List.of("--out", a.toString()));
        List<String> argsB = new ArrayList<>(List.of(args));
        argsB.addAll(List.of("--out", b.toString()));
        assertThat(run(argsA.toArray(String[]::new)).code()).isZero();
        assertThat(run(argsB.toArray(String[]::new)).code()).isZero();
        ObjectMapper m = new ObjectMapper();
        JsonNode ea = m.readTree(a.resolve("results.json").toFile()).get("trials").get(0).get("epochs").get(0);
        JsonNode eb = m.readTree(b.resolve("results.json").toFile()).get("trials").get(0).get("epochs").get(0);
        assertThat(ea.get("train_loss")).isEqualTo(eb.get("train_loss"));
        assertThat(ea.get("test_accuracy")).isEqualTo(eb.get("test_accuracy"));
    }

    @Test
    void csvDataTrainsAndEvaluates() throws Exception {
        Path csv = tmp.resolve("tiny.csv");
        StringBuilder sb = new StringBuilder();
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 40; i++) {
            int label = i % 2;
            sb.append(label);
            for (int j = 0; j < 4; j++) {
                sb.append(',').append(label == 1 ? 200 + random.nextInt(50) : random.nextInt(50));
            }
            sb.append('\n');
        }
        Files.writeString(csv, sb.toString());
        Run r = run("compare", "--model", "mlp:4-8-2:relu", "--init", "he-uniform", "--seeds", "1", "--epochs", "3",
                "--train-data", csv.toString(), "--test-data", csv.toString(), "--quiet",
                "--optimizer", "adam(lr=0.01)");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("he-uniform");
    }

    @Test
    void initRulesOverrideMatchingParameters() throws Exception {
        Path out = tmp.resolve("rules");
        // the zeros initializer would learn nothing; a rule giving every weight he-normal makes it train
        Run r = run("compare", "--init", "zeros", "--init-rule", "*.weight=he-normal", "--seeds", "1", "--epochs", "1",
                "--train-limit", "400", "--test-limit", "200", "--quiet", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("config").get("init_rules").get(0).asText()).isEqualTo("*.weight=he-normal");
        assertThat(json.get("summary").get(0).get("test_accuracy_mean").asDouble()).isGreaterThan(0.25);
        assertOneLineError(run("compare", "--init-rule", "he-normal"), "bad init rule 'he-normal': expected PATH_GLOB=SPEC");
        assertOneLineError(run("compare", "--init-rule", "0.weight=he-normla"), "did you mean 'he-normal'?");
    }

    @Test
    void layerStatsAreRecordedPerEpochWhenAsked() throws Exception {
        Path out = tmp.resolve("stats");
        Run r = run("compare", "--init", "he-normal", "--model", "mlp:784-16-10:relu", "--seeds", "1", "--epochs", "2",
                "--train-limit", "300", "--test-limit", "100", "--quiet", "--layer-stats", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode stats = new ObjectMapper().readTree(out.resolve("layer_stats.json").toFile());
        assertThat(stats.toString()).contains("he-normal");
        assertThat(Files.readString(out.resolve("layer_stats.json"))).contains("update_ratio");
        String report = Files.readString(out.resolve("report.html"));
        assertThat(report).contains("Per-layer activation std after training").contains("id=\"trained-std-table\"");
        assertThat(report.split("class=\"trained-std\"", -1)).hasSize(2);
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Per-layer activation std after training");
    }

    @Test
    void listShowsInitializersWithOptionsAndBackends() {
        Run r = run("list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("he-normal(a=0, mode=fan_in, nonlinearity=leaky_relu)")
                .contains("aliases: kaiming-normal").contains("constant(value)").contains("Backends")
                .contains("native").contains("available");
    }

    @Test
    void unknownInitializerIsOneLineWithASuggestionAndExitCode2() {
        Run r = run("compare", "--init", "he-normla", "--epochs", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("initlab: unknown initializer 'he-normla'; did you mean 'he-normal'?");
    }

    @Test
    void badInputsAreOneLineErrorsWithoutStackTraces() throws Exception {
        assertOneLineError(run("compare", "--model", "mlp:784-x-10"), "bad model spec 'mlp:784-x-10'");
        assertOneLineError(run("compare", "--init", "normal(std=0.01"), "malformed spec 'normal(std=0.01'");
        assertOneLineError(run("compare", "--init", "normal(sdt=1)"), "did you mean 'std'?");
        assertOneLineError(run("compare", "--optimizer", "sgd(lr=0)"), "option 'lr' of sgd must be > 0");
        assertOneLineError(run("compare", "--train-data", tmp.resolve("missing").toString()), "missing");
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.write(bad.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        Files.write(bad.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        assertOneLineError(run("compare", "--train-data", bad.toString()), "magic");
        assertOneLineError(run("compare", "--backend", "tpu"), "unknown backend 'tpu'");
        Path labels = tmp.resolve("labels.csv");
        Files.writeString(labels, "0,1,2,3,4\n5,1,2,3,4\n");
        assertOneLineError(run("compare", "--model", "mlp:4-8-2", "--train-data", labels.toString()),
                "training data 'labels.csv' has label 5 but model mlp:4-8-2 has only 2 outputs");
        assertOneLineError(run("compare", "--train-data", labels.toString()),
                "training data 'labels.csv' has 4 features per sample but model mlp:784-512-128-10:relu expects 784");
        // checked before any trial trains: delta-orthogonal fills convolution kernels, not the dense output layer
        Path early = tmp.resolve("early");
        Run misfit = run("compare", "--model", "cnn:1x28x28-c4k3-p2-10", "--init", "he-normal,delta-orthogonal",
                "--out", early.toString());
        assertOneLineError(misfit, "delta-orthogonal cannot initialize 4.weight [10, 676]");
        assertThat(misfit.err()).doesNotContain("epoch");
        assertOneLineError(run("compare", "--model", "cnn:1x28x28-c6k5-q2-10"), "unknown layer 'q2'");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run r = run("compare", "--model", "mlp:784-x-10", "--verbose");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad model spec").contains("at org.initlab");
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        Run r = run("compare", "--epoch", "3");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'--epoch'").contains("Possible solutions: --epochs").contains("--help");
    }

    private static void assertOneLineError(Run r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("initlab: ").contains(fragment).doesNotContain("\tat ");
    }
}
