package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare -f experiment.yaml: every option has a field, flags win, the resolved file reproduces a run. */
class ExperimentFileTest {
    @TempDir
    Path tmp;

    @Test
    void aFileRoundTripsThroughYaml() throws Exception {
        ExperimentFile f = new ExperimentFile("mlp:4-8-2", List.of("he-normal", "normal(std=0.01)"), "zeros",
                List.of("*.bias=constant(0.1)"), 3, 7L, 2, 16, "adam(lr=0.001)", "mup(base_width=8)", "native", 2, "/data/train.csv",
                null, 100, null, "0.5,0.5", "/tmp/out", true, "prometheus", 0, "127.0.0.1", "/tmp/weights", true,
                "spark", "local[2]");
        Path file = tmp.resolve("e.yaml");
        Files.writeString(file, f.toYaml());
        assertThat(ExperimentFile.read(file)).isEqualTo(f);
        assertThat(Files.readString(file)).contains("bias_init: zeros").contains("batch_size: 16")
                .contains("parametrization: mup(base_width=8)")
                .doesNotContain("test_data");
    }

    @Test
    void theResolvedFileOfARunReproducesItAndFlagsOverrideTheFile() throws Exception {
        Path a = tmp.resolve("a");
        CliTest.Run first = CliTest.run("compare", "--init", "kaiming-normal", "--seeds", "2", "--seed", "3",
                "--epochs", "1", "--train-limit", "300", "--test-limit", "100", "--model", "mlp:784-32-10:tanh",
                "--quiet", "--out", a.toString());
        assertThat(first.code()).as(first.err()).isZero();
        String yaml = Files.readString(a.resolve("experiment.yaml"));
        assertThat(yaml).contains("model: mlp:784-32-10:tanh").contains("- he-normal").contains("seeds: 2")
                .contains("seed: 3").contains("train_limit: 300").contains("backend: native");

        Path b = tmp.resolve("b");
        CliTest.Run again = CliTest.run("compare", "-f", a.resolve("experiment.yaml").toString(), "--out", b.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).isEmpty(); // quiet came from the file
        ObjectMapper m = new ObjectMapper();
        JsonNode ra = m.readTree(a.resolve("results.json").toFile());
        JsonNode rb = m.readTree(b.resolve("results.json").toFile());
        for (int i = 0; i < 2; i++) {
            assertThat(rb.get("trials").get(i).get("epochs")).hasSize(1);
            assertThat(rb.get("trials").get(i).get("epochs").get(0).get("train_loss"))
                    .isEqualTo(ra.get("trials").get(i).get("epochs").get(0).get("train_loss"));
        }
        assertThat(Files.readString(b.resolve("experiment.yaml"))).contains("out: " + b.toAbsolutePath());

        Path c = tmp.resolve("c");
        CliTest.Run override = CliTest.run("compare", "-f", a.resolve("experiment.yaml").toString(), "--epochs", "2",
                "--seeds", "1", "--out", c.toString());
        assertThat(override.code()).as(override.err()).isZero();
        JsonNode rc = m.readTree(c.resolve("results.json").toFile());
        assertThat(rc.get("trials")).hasSize(1);
        assertThat(rc.get("trials").get(0).get("epochs")).hasSize(2);
        assertThat(rc.get("trials").get(0).get("seed").asLong()).isEqualTo(3);
    }

    @Test
    void relativePathsInAFileAreRelativeToIt() throws Exception {
        Path dir = tmp.resolve("exp");
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            csv.append(i % 2).append(",1,2,").append(i % 2 == 0 ? 0 : 200).append('\n');
        }
        Files.writeString(dir.resolve("tiny.csv"), csv.toString());
        Files.writeString(dir.resolve("e.yaml"), "model: mlp:3-4-2\ninit: he-uniform\nseeds: 1\nepochs: 1\n"
                + "train_data: tiny.csv\ntest_data: tiny.csv\nout: results\nquiet: true\n");
        CliTest.Run r = CliTest.run("compare", "-f", dir.resolve("e.yaml").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(dir.resolve("results/results.json")).exists();
    }

    @Test
    void anUnknownFieldIsAOneLineErrorNamingTheFieldAndTheFile() throws Exception {
        Path file = tmp.resolve("typo.yaml");
        Files.writeString(file, "model: mlp:4-8-2\nepoch: 3\n");
        CliTest.Run r = CliTest.run("compare", "-f", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("experiment file " + file).contains("unknown field 'epoch'")
                .contains("epochs");
        Files.writeString(file, "epochs: many\n");
        assertThatThrownBy(() -> ExperimentFile.read(file)).hasMessageContaining("field 'epochs'");
        CliTest.Run missing = CliTest.run("compare", "-f", tmp.resolve("none.yaml").toString());
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void everyOptionOfCompareHasAField() {
        picocli.CommandLine.Model.CommandSpec spec = picocli.CommandLine.Model.CommandSpec.forAnnotatedObject(
                new CompareCommand(null, List.of(),
                        org.initlab.core.init.InitializerRegistry.load(getClass().getClassLoader()),
                        org.initlab.core.plugin.PluginDirectory.empty(), null, List.of()));
        List<String> fields = ExperimentFile.fieldNames();
        for (picocli.CommandLine.Model.OptionSpec o : spec.options()) {
            String name = o.longestName().replaceFirst("^--", "");
            // --resume and --force say what to do with an existing --out, not what the experiment is
            if (List.of("help", "version", "file", "resume", "force", "init-rule").contains(name)) {
                continue;
            }
            assertThat(fields).as(o.longestName()).contains(name.replace('-', '_'));
        }
        assertThat(fields).contains("init_rules");
    }
}
