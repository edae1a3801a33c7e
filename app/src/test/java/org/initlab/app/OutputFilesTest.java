package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk while writing the outputs: the failure is named, nothing false is claimed, no temporary file stays.
 * The full disk is real: the temporary file is a link to {@code /dev/full}, whose every write fails with ENOSPC
 * (tests run as root, so permission bits would not stop a write).
 */
class OutputFilesTest {
    private static final Path FULL = Path.of("/dev/full");

    @TempDir
    Path tmp;

    private static void fullDiskFor(Path target) throws Exception {
        assumeThat(Files.exists(FULL)).as("/dev/full").isTrue();
        Files.createSymbolicLink(target.resolveSibling(target.getFileName() + ".tmp"), FULL);
    }

    private static List<String> tmpFiles(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    @Test
    void aFailedWriteNamesTheFileRemovesItsTemporaryFileAndKeepsThePreviousOne() throws Exception {
        OutputFiles files = new OutputFiles(tmp);
        files.write("a.txt", "first");
        Files.writeString(tmp.resolve("b.txt"), "previous");
        fullDiskFor(tmp.resolve("b.txt"));
        assertThatThrownBy(() -> files.write("b.txt", "second")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write " + tmp.resolve("b.txt") + ": No space left on device");
        assertThat(tmpFiles(tmp)).isEmpty();
        assertThat(tmp.resolve("b.txt")).hasContent("previous");
        assertThat(files.written()).containsExactly("a.txt");
    }

    @Test
    void aSingleFileWriteOfTheSweepAndExperimentSettingsFailsTheSameWay() throws Exception {
        Path yaml = tmp.resolve("sweep.yaml");
        OutputFiles.writeFile(yaml, "model: a\n");
        fullDiskFor(yaml);
        assertThatThrownBy(() -> OutputFiles.writeFile(yaml, "model: b\n")).isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write " + yaml + ": No space left on device");
        assertThat(tmpFiles(tmp)).isEmpty();
        assertThat(yaml).hasContent("model: a");
    }

    @Test
    void aFullDiskWhileWritingTheReportSaysExactlyWhatWasWrittenAndExitsNonZero() throws Exception {
        Path out = tmp.resolve("run");
        Files.createDirectories(out);
        fullDiskFor(out.resolve("report.html"));
        CliTest.Run r = CliTest.run("compare", "--init", "he-normal", "--seeds", "1", "--epochs", "1",
                "--train-limit", "200", "--test-limit", "100", "--model", "mlp:784-16-10", "--threads", "1",
                "--out", out.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("he-normal");
        assertThat(r.err().strip().lines()).containsExactly(
                "initlab: cannot write " + out.resolve("report.html") + ": No space left on device",
                "initlab: written to " + out + ": results.json, results.csv, accuracy.png, loss.png, layer_std.png; not written: "
                        + "the report");
        assertThat(r.err()).doesNotContain("results written");
        assertThat(tmpFiles(out)).isEmpty();
        assertThat(out.resolve("report.html")).doesNotExist();
        assertThat(out.resolve("report.md")).doesNotExist();
        assertThat(out.resolve("results.json")).exists();
        assertThat(Files.readAllLines(out.resolve(TrialJournal.FILE))).hasSize(1);
        // the finished trial is safe: --resume writes the report once there is room
        CliTest.Run resumed = CliTest.run("compare", "--out", out.toString(), "--resume");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("1 of 1 trials already finished")
                .contains("results written to " + out + ": results.json, results.csv, accuracy.png, loss.png, layer_std.png, "
                        + "report.html, report.md");
        assertThat(out.resolve("report.html")).exists();
    }
}
