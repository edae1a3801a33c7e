package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.initlab.tensorformats.Safetensors;
import org.initlab.tensorformats.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfer learning: one run's trained weights initialize the next. */
class SaveWeightsTest {
    @TempDir
    Path tmp;

    @Test
    void savedWeightsStartTheNextRunWhereTheFirstEnded() throws Exception {
        Path weights = tmp.resolve("weights");
        String[] common = {"--model", "mlp:784-32-10:relu", "--seeds", "1", "--train-limit", "600",
                "--test-limit", "300", "--quiet"};
        CliTest.Run first = CliTest.run(concat(new String[] {"compare", "--init", "he-normal", "--epochs", "3",
                "--save-weights", weights.toString(), "--out", tmp.resolve("first").toString()}, common));
        assertThat(first.code()).as(first.err()).isZero();
        Path file = WeightsSaver.file(weights, "he-normal", 0);
        assertThat(file).exists();
        Map<String, TensorData> saved = Safetensors.read(file);
        assertThat(saved.keySet()).containsExactlyInAnyOrder("0.weight", "0.bias", "2.weight", "2.bias");
        assertThat(saved.get("0.weight").shape()).containsExactly(32, 784);
        // trained biases are no longer zero
        assertThat(saved.get("0.bias").values()).isNotEqualTo(new float[32]);

        CliTest.Run second = CliTest.run(concat(new String[] {"compare", "--epochs", "1",
                "--init", "pretrained(path=" + file + ")", "--bias-init", "pretrained(path=" + file + ")",
                "--out", tmp.resolve("second").toString()}, common));
        assertThat(second.code()).as(second.err()).isZero();
        ObjectMapper m = new ObjectMapper();
        JsonNode a = m.readTree(tmp.resolve("first/results.json").toFile()).get("trials").get(0).get("epochs");
        JsonNode b = m.readTree(tmp.resolve("second/results.json").toFile()).get("trials").get(0).get("epochs");
        double endOfFirst = a.get(2).get("train_loss").asDouble();
        double firstEpochOfFirst = a.get(0).get("train_loss").asDouble();
        double firstEpochOfSecond = b.get(0).get("train_loss").asDouble();
        // the second run starts from trained weights: its first epoch is already better than the first run's
        assertThat(firstEpochOfSecond).isLessThan(firstEpochOfFirst);
        assertThat(firstEpochOfSecond).isLessThan(endOfFirst * 1.5);
    }

    @Test
    void anUnwritableDirectoryIsRejectedBeforeTraining() throws Exception {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        CliTest.Run r = CliTest.run("compare", "--save-weights", file.resolve("sub").toString(), "--epochs", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("initlab: --save-weights ").contains("cannot create the directory");
    }

    @Test
    void aSpecLongerThanAFileNameGetsAShortUniqueNameAndTheFullSpecTravelsWithTheFile() throws Exception {
        String[] common = {"--model", "mlp:784-16-10", "--seeds", "1", "--epochs", "1", "--train-limit", "200",
                "--test-limit", "100", "--threads", "1", "--quiet"};
        Path first = tmp.resolve("first");
        assertThat(CliTest.run(concat(new String[] {"compare", "--init", "he-normal", "--save-weights",
                first.toString()}, common)).code()).isZero();
        // a pretrained(path=...) whose path alone is longer than the 255 bytes a file name may have
        Path deep = tmp.resolve("a".repeat(100)).resolve("b".repeat(100)).resolve("c".repeat(100));
        Files.createDirectories(deep);
        Path weights = Files.copy(WeightsSaver.file(first, "he-normal", 0), deep.resolve("w.safetensors"));
        String spec = "pretrained(path=" + weights + ", missing=he-normal)";

        Path saved = tmp.resolve("saved");
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run(concat(new String[] {"compare", "--init", spec + ",zeros",
                "--save-weights", saved.toString(), "--out", out.toString()}, common));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out.resolve("trials.jsonl"))).hasSize(2);
        JsonNode index = new ObjectMapper().readTree(saved.resolve(WeightsSaver.INDEX).toFile()).get("weights");
        assertThat(index).hasSize(2);
        // the initializer as the run names it (its canonical spec) is what the index and the metadata hold
        String canonical = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("trials").get(0)
                .get("init").asText();
        assertThat(canonical).startsWith("pretrained(").contains(weights.toString());
        JsonNode entry = index.get(0).get("init").asText().equals(canonical) ? index.get(0) : index.get(1);
        assertThat(entry.get("init").asText()).isEqualTo(canonical);
        assertThat(entry.get("seed").asLong()).isZero();
        assertThat(entry.get("model").asText()).isEqualTo("mlp:784-16-10");
        String name = entry.get("file").asText();
        assertThat(name).isEqualTo(WeightsSaver.name(canonical, 0)).endsWith("_seed0.safetensors")
                .startsWith("pretrained_path=_");
        assertThat(name.length()).isLessThanOrEqualTo(WeightsSaver.MAX_READABLE);
        assertThat(Safetensors.readMetadata(saved.resolve(name))).containsEntry("initlab.init", canonical)
                .containsEntry("initlab.seed", "0").containsEntry("initlab.model", "mlp:784-16-10");
        // short specs keep their readable, documented names
        assertThat(saved.resolve("zeros_seed0.safetensors")).exists();
        assertThat(WeightsSaver.name("normal(std=0.01)", 2)).isEqualTo("normal_std=0.01__seed2.safetensors");
        // long specs that differ only at their end get different names
        assertThat(WeightsSaver.name(canonical.replace("he-normal", "xavier-normal"), 0)).isNotEqualTo(name);
    }

    @Test
    void twoSpecsWithTheSameReadableNameGetTwoFiles() throws Exception {
        String[] common = {"--model", "mlp:784-16-10", "--seeds", "1", "--epochs", "1", "--train-limit", "100",
                "--test-limit", "50", "--threads", "1", "--quiet"};
        Path first = tmp.resolve("first");
        assertThat(CliTest.run(concat(new String[] {"compare", "--init", "he-normal", "--save-weights",
                first.toString()}, common)).code()).isZero();
        // 'a+b' and 'a_b' both read as a_b in a file name
        Path plus = Files.copy(WeightsSaver.file(first, "he-normal", 0), tmp.resolve("a+b.safetensors"));
        Path underscore = Files.copy(WeightsSaver.file(first, "he-normal", 0), tmp.resolve("a_b.safetensors"));
        Path saved = tmp.resolve("saved");
        CliTest.Run r = CliTest.run(concat(new String[] {"compare", "--init",
                "pretrained(path=" + plus + "),pretrained(path=" + underscore + ")",
                "--save-weights", saved.toString()}, common));
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode index = new ObjectMapper().readTree(saved.resolve(WeightsSaver.INDEX).toFile()).get("weights");
        assertThat(index).hasSize(2);
        assertThat(index.get(0).get("init").asText()).isNotEqualTo(index.get(1).get("init").asText());
        assertThat(index.get(0).get("file").asText()).isNotEqualTo(index.get(1).get("file").asText());
        for (JsonNode e : index) {
            assertThat(Safetensors.readMetadata(saved.resolve(e.get("file").asText())))
                    .containsEntry("initlab.init", e.get("init").asText());
        }
    }

    @Test
    void aWeightsFileThatCannotBeWrittenIsAWarningOnItsTrialAndTheRunGoesOn() throws Exception {
        Path saved = tmp.resolve("saved");
        // a non-empty directory where he-normal's file belongs: that one write fails, as on a full disk
        Files.createDirectories(WeightsSaver.file(saved, "he-normal", 0));
        Files.writeString(WeightsSaver.file(saved, "he-normal", 0).resolve("keep"), "x");
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("compare", "--init", "he-normal,zeros", "--model", "mlp:784-16-10", "--seeds", "1",
                "--epochs", "1", "--train-limit", "100", "--test-limit", "50", "--quiet",
                "--save-weights", saved.toString(), "--out", out.toString());
        assertThat(r.code()).as("an asked-for output is missing").isEqualTo(1);
        assertThat(r.err()).contains("initlab: warning: he-normal seed 0: trained weights not saved: cannot write "
                + WeightsSaver.file(saved, "he-normal", 0)).contains("the trained weights of 1 trial were not saved");
        assertThat(Files.readAllLines(out.resolve("trials.jsonl"))).hasSize(2);
        JsonNode trials = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("trials");
        assertThat(trials).hasSize(2);
        trials.forEach(t -> assertThat(t.get("status").asText()).isEqualTo("ok"));
        assertThat(saved.resolve("zeros_seed0.safetensors")).exists();
        try (var files = Files.list(saved)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
