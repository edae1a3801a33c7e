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

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
