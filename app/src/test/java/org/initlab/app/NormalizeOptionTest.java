package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare --normalize MEAN,STD} and the experiment file's {@code normalize} field. */
class NormalizeOptionTest {
    private static final String[] SMALL = {"compare", "--init", "he-normal", "--model", "mlp:784-16-10:relu",
        "--seeds", "1", "--epochs", "1", "--train-limit", "200", "--test-limit", "100", "--threads", "1", "--quiet"};

    @TempDir
    Path tmp;

    private static CliTest.Run compare(String... more) {
        String[] args = java.util.Arrays.copyOf(SMALL, SMALL.length + more.length);
        System.arraycopy(more, 0, args, SMALL.length, more.length);
        return CliTest.run(args);
    }

    private static JsonNode json(Path dir) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    }

    private static double firstLoss(Path dir) throws Exception {
        return json(dir).get("trials").get(0).get("epochs").get(0).get("train_loss").asDouble();
    }

    @Test
    void normalizedInputsChangeTrainingAndAreRecordedEverywhere() throws Exception {
        Path plain = tmp.resolve("plain");
        Path half = tmp.resolve("half");
        CliTest.Run a = compare("--out", plain.toString());
        CliTest.Run b = compare("--normalize", "0.5,0.5", "--out", half.toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();

        // the default is unchanged: no normalize anywhere
        assertThat(Files.readString(plain.resolve("experiment.yaml"))).doesNotContain("normalize");
        assertThat(json(plain).get("config").has("normalize")).isFalse();
        assertThat(json(plain).get("config").get("train_data").asText()).doesNotContain("normalized");

        assertThat(Files.readString(half.resolve("experiment.yaml"))).contains("normalize: \"0.5,0.5\"");
        JsonNode config = json(half).get("config");
        assertThat(config.get("normalize").asText()).isEqualTo("0.5,0.5");
        assertThat(config.get("train_data").asText()).endsWith("normalized(0.5,0.5)");
        assertThat(config.get("test_data").asText()).endsWith("normalized(0.5,0.5)");
        assertThat(Files.readString(half.resolve("report.md"))).contains("| normalize | 0.5,0.5 |");
        // same seed, same weights, other inputs: training differs
        assertThat(firstLoss(half)).isNotEqualTo(firstLoss(plain));
    }

    @Test
    void theFileFieldGivesTheSameRunAsTheFlagAndTheFlagWins() throws Exception {
        Path flag = tmp.resolve("flag");
        assertThat(compare("--normalize", "0.5,0.5", "--out", flag.toString()).code()).isZero();
        Path file = tmp.resolve("e.yaml");
        Files.writeString(file, "normalize: 0.5,0.5\n");
        Path fromFile = tmp.resolve("file");
        CliTest.Run r = compare("-f", file.toString(), "--out", fromFile.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(firstLoss(fromFile)).isEqualTo(firstLoss(flag));

        Path overridden = tmp.resolve("override");
        CliTest.Run o = compare("-f", file.toString(), "--normalize", "0,1", "--out", overridden.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(json(overridden).get("config").has("normalize")).isFalse();
        assertThat(firstLoss(overridden)).isNotEqualTo(firstLoss(flag));
    }

    @Test
    void badValuesAreOneLineErrorsWithExitCode2BeforeAnyTraining() throws Exception {
        for (String bad : new String[] {"0.5", "0.5,0", "half,0.5", "0.5,0.5,0.5", "0.5,-1"}) {
            Path out = tmp.resolve("bad" + bad.hashCode());
            CliTest.Run r = compare("--normalize", bad, "--out", out.toString());
            assertThat(r.code()).as(bad).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains("--normalize").contains("'" + bad + "'");
            assertThat(out).as("nothing written for " + bad).doesNotExist();
        }
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, "normalize: 0.5\n");
        CliTest.Run r = compare("-f", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--normalize").contains("MEAN,STD");
    }

    @Test
    void inspectWithMinusOneOneInputsSeesAboutEightTimesTheFirstLayerSecondMoment() throws Exception {
        String[] args = {"inspect", "--init", "he-normal", "--model", "mlp:784-64-10:relu", "--json"};
        CliTest.Run plain = CliTest.run(args);
        String[] normalized = java.util.Arrays.copyOf(args, args.length + 2);
        normalized[args.length] = "--normalize";
        normalized[args.length + 1] = "0.5,0.5";
        CliTest.Run half = CliTest.run(normalized);
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(half.code()).as(half.err()).isZero();
        ObjectMapper m = new ObjectMapper();
        double before = m.readTree(plain.out()).get("inits").get(0).get("layers").get(0)
                .get("preactivation_second_moment").asDouble();
        double after = m.readTree(half.out()).get("inits").get(0).get("layers").get(0)
                .get("preactivation_second_moment").asDouble();
        // E[x^2] 0.112 -> 0.925 on the digits; one draw of 64 units scatters around the factor 8.2
        assertThat(after / before).isBetween(5.0, 12.0);

        String[] bad = java.util.Arrays.copyOf(args, args.length + 2);
        bad[args.length] = "--normalize";
        bad[args.length + 1] = "1,0";
        CliTest.Run r = CliTest.run(bad);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--normalize").contains("std must be a finite number > 0");
    }
}
