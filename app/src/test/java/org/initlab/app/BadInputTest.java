package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that used to slip through or fail badly (issue 12, items 7, 9, 10 and 11): each is one line on stderr
 * naming the input, exit 2, before any work. The app README's bad-input table lists the same cases.
 */
class BadInputTest {
    private static final String[] TINY = {"--model", "mlp:784-8-10", "--init", "he-normal", "--seeds", "1",
            "--epochs", "1", "--train-limit", "20", "--test-limit", "10", "--quiet"};

    @TempDir
    Path tmp;

    /** compare on a tiny slice; an option in {@code extra} replaces the same one of {@link #TINY}. */
    private static CliTest.Run compare(String... extra) {
        java.util.List<String> given = java.util.Arrays.asList(extra);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("compare"));
        for (int i = 0; i < TINY.length; i++) {
            boolean flag = TINY[i].equals("--quiet");
            if (!given.contains(TINY[i])) {
                args.add(TINY[i]);
                if (!flag) {
                    args.add(TINY[i + 1]);
                }
            }
            i += flag ? 0 : 1;
        }
        args.addAll(given);
        return CliTest.run(args.toArray(String[]::new));
    }

    static void assertOneLine(CliTest.Run r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("initlab: ").contains(fragment).doesNotContain("\tat ");
    }

    // item 7: values that slipped through

    @Test
    void inspectWithABatchLargerThanAnArrayNamesTheBatch() {
        assertOneLine(CliTest.run("inspect", "--input", "gaussian", "--batch", "3000000"),
                "--batch 3000000: a batch of one layer's outputs (3000000 x 784) would be 2352000000 values");
    }

    @Test
    void benchRefusesNonFiniteTimesWithAMessagePerOption() {
        assertOneLine(CliTest.run("bench", "--round-seconds", "Infinity"),
                "--round-seconds must be a number of seconds > 0 and <= 3600, got Infinity");
        assertOneLine(CliTest.run("bench", "--warmup", "NaN"), "--warmup must be a number of seconds >= 0");
        assertOneLine(CliTest.run("bench", "--rounds", "0"), "--rounds must be >= 1, got 0");
        assertOneLine(CliTest.run("bench", "--batch-size", "0"), "--batch-size must be >= 1, got 0");
        assertOneLine(CliTest.run("bench", "--threads", "100000"), "--threads must be between 1 and ");
    }

    @Test
    void sampleRefusesAnEmptyShape() {
        assertOneLine(CliTest.run("sample", "--init", "he-normal", "--shape", "0,10"),
                "--shape 0,10 has no elements; every dimension must be >= 1");
    }

    @Test
    void seedsThatWrapAreRefused() {
        assertOneLine(compare("--seed", "9223372036854775807", "--seeds", "2"), "go past the largest seed");
    }

    @Test
    void unicodeDigitsInAModelSpecAreRefused() {
        assertOneLine(compare("--model", "mlp:٧٨٤-٣٢-١٠"), "width '٧٨٤' is not a whole number");
    }

    @Test
    void anEmptyOutputPathIsRefusedInEveryCommand() {
        assertOneLine(compare("--out", ""), "--out is empty");
        assertOneLine(compare("--save-weights", ""), "--save-weights is empty");
        assertOneLine(CliTest.run("sample", "--init", "he-normal", "--shape", "4,4", "--out", ""), "--out is empty");
        assertOneLine(CliTest.run("inspect", "--batch", "4", "--out", ""), "--out is empty");
    }

    @Test
    void malformedRuleGlobsAreRefusedAndUnmatchedRulesWarned() {
        assertOneLine(compare("--init-rule", "[.weight=zeros"), "the glob '[.weight' has '['");
        CliTest.Run r = CliTest.run("compare", "--model", "mlp:784-8-10", "--init", "he-normal", "--seeds", "1",
                "--epochs", "1", "--train-limit", "20", "--test-limit", "10", "--init-rule", "4.weight=zeros");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("initlab: warning: init rule '4.weight=zeros' matches no parameter of "
                + "mlp:784-8-10 (its parameters: 0.weight, 0.bias, 2.weight, 2.bias)");
        CliTest.Run inspect = CliTest.run("inspect", "--batch", "4", "--init", "he-normal", "--init-rule",
                "9.*=zeros");
        assertThat(inspect.code()).as(inspect.err()).isZero();
        assertThat(inspect.err()).contains("init rule '9.*=zeros' matches no parameter");
    }

    @Test
    void experimentFilesRefuseAliasesDuplicatesSecondDocumentsAndFractions() throws IOException {
        assertOneLine(compare("-f", yaml("alias.yaml", "model: &m mlp:784-8-10\noptimizer: *m\n")),
                "line 2 uses a YAML alias (*m), which experiment files do not expand");
        assertOneLine(compare("-f", yaml("empty.yaml", "\n")), "empty.yaml is empty");
        assertOneLine(compare("-f", yaml("huge.yaml", "# " + "x".repeat(ExperimentFileText.MAX_BYTES) + "\n")),
                "more than the 1048576 an experiment file may have");
        assertOneLine(compare("-f", yaml("dup.yaml", "epochs: 1\nepochs: 2\n")), "field 'epochs' is given twice");
        assertOneLine(compare("-f", yaml("docs.yaml", "epochs: 1\n---\nepochs: 2\n")),
                "holds more than one YAML document");
        assertOneLine(CliTest.run("compare", "-f", yaml("frac.yaml", "seeds: 1.7\n")),
                "field 'seeds' must be a whole number, got 1.7");
    }

    private String yaml(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text).toString();
    }

    @Test
    void aSpecNested1500DeepIsOneLine() {
        String spec = "he-normal";
        for (int i = 0; i < 1500; i++) {
            spec = "lsuv(pre=" + spec + ")";
        }
        assertOneLine(CliTest.run("inspect", "--batch", "4", "--init", spec), "specs nested more than 32 deep");
    }

    // item 9: FIFOs and devices

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void fifosAndDevicesAreRefusedInsteadOfBlocking() throws Exception {
        Path fifo = tmp.resolve("experiment.yaml");
        Path npy = tmp.resolve("w.npy");
        for (Path p : new Path[] {fifo, npy}) {
            assertThat(new ProcessBuilder("mkfifo", p.toString()).start().waitFor()).isZero();
        }
        assertOneLine(compare("-f", fifo.toString()), "experiment file " + fifo + " is not a regular file");
        assertOneLine(compare("-f", "/dev/zero"), "experiment file /dev/zero is not a regular file");
        assertOneLine(CliTest.run("sample", "--init", "pretrained(path=" + npy + ", name=0.weight)", "--shape", "4,4"),
                "pretrained cannot read " + npy + ": not a regular file");
    }

    // item 10: one line naming the input

    @Test
    void parseErrorsAreOneLineNamingTheOptionWithTheHelpHint() {
        assertOneLine(CliTest.run("compare", "--seeds", "abc"),
                "initlab: Invalid value for option '--seeds': 'abc' is not an int (see 'initlab compare --help')");
        assertOneLine(CliTest.run("bench", "--rounds", "x"), "'--rounds'");
        assertOneLine(CliTest.run("sample", "--shape", "4"), "(see 'initlab sample --help')");
        assertOneLine(CliTest.run("compare", "--sed", "3"),
                "Unknown options: '--sed', '3'. Possible solutions: --seeds, --seed (see 'initlab compare --help')");
    }

    @Test
    void inputWithALineBreakIsEscapedNotEchoed() {
        assertOneLine(compare("--model", "mlp:78\n4-10"), "bad model spec 'mlp:78\\n4-10'");
        assertOneLine(CliTest.run("compare", "--seeds", "1\n2"), "'1\\n2' is not an int");
    }

    @Test
    void metricsPortAndBindAreNamed() {
        assertOneLine(compare("--metrics", "prometheus", "--metrics-port", "-1"),
                "--metrics-port must be between 0 (any free port) and 65535, got -1");
        assertOneLine(compare("--metrics", "prometheus", "--metrics-port", "70000"), "--metrics-port must be between");
    }

    @Test
    void aDropoutOutOfRangeNamesTheModelSpec() {
        assertOneLine(compare("--model", "cnn:1x28x28-c4k5-d1.5-10"),
                "bad model spec 'cnn:1x28x28-c4k5-d1.5-10': dropout 'd1.5': dropout probability must be in [0, 1)");
    }

    @Test
    void outputPathsThatCannotBeWrittenAreBadInputInSampleAndInspect() throws IOException {
        assertOneLine(CliTest.run("sample", "--init", "he-normal", "--shape", "4,4", "--out", "/missing/dir/w.npy"),
                "--out /missing/dir/w.npy: the directory /missing/dir does not exist");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertOneLine(CliTest.run("inspect", "--batch", "4", "--out", file.resolve("sub").toString()),
                "--out " + file.resolve("sub") + ": cannot create the directory");
        assertOneLine(CliTest.run("sample", "--init", "he-normal", "--shape", "4,4", "--out", tmp.toString()),
                "is a directory; give a file name");
    }

    @Test
    void aBinaryExperimentFileGetsARealMessage() throws IOException {
        Path binary = tmp.resolve("binary.yaml");
        Files.write(binary, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, 0x00, 0x01});
        assertOneLine(compare("-f", binary.toString()), "experiment file " + binary + " is not UTF-8 text");
    }

    // item 11: no DNS lookups

    @Test
    void aHostNameForTheMetricsEndpointIsRefusedWithoutALookup() {
        assertOneLine(compare("--metrics", "prometheus", "--metrics-bind", "metrics.example.invalid"),
                "--metrics-bind 'metrics.example.invalid' is not a literal IP address");
        assertThat(MetricsAddress.parse("localhost").isLoopbackAddress()).isTrue();
        assertThat(MetricsAddress.parse("127.0.0.1").getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(MetricsAddress.parse("::1").isLoopbackAddress()).isTrue();
        assertThat(MetricsAddress.parse("0.0.0.0").isAnyLocalAddress()).isTrue();
        for (String bad : new String[] {"256.1.1.1", "localhost.", "1.2.3", "host:name"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricsAddress.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--metrics-bind '" + bad);
        }
    }
}
