package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM stops a real {@code initlab compare} process like Ctrl-C: what is finished is written, the exit code is
 * 130. While it runs, its {@code --out} directory is locked against every other process.
 */
class TerminationSignalTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermWritesWhatIsFinishedAndExits130WhileTheDirectoryIsLockedAgainstOtherProcesses() throws Exception {
        Path out = tmp.resolve("run");
        Path stderr = tmp.resolve("stderr.txt");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xmx512m", "-cp", classpath, Main.class.getName(),
                "compare", "--init", "he-normal", "--seeds", "40", "--epochs", "10", "--train-limit", "10000",
                "--test-limit", "100", "--model", "mlp:784-32-10", "--threads", "1", "--out", out.toString())
                .redirectOutput(tmp.resolve("stdout.txt").toFile()).redirectError(stderr.toFile())
                .directory(new File(System.getProperty("user.dir"))).start();
        try {
            Path journal = out.resolve(TrialJournal.FILE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!(Files.exists(journal) && Files.readAllLines(journal).size() >= 1)) {
                assertThat(process.isAlive()).as("the run ended early: %s", read(stderr)).isTrue();
                assertThat(System.nanoTime()).as("no trial finished in 90 s: %s", read(stderr)).isLessThan(deadline);
                Thread.sleep(100);
            }

            // another process's run into the same directory: one line naming the holder, exit 2, nothing written
            CliTest.Run second = CliTest.run("compare", "--out", out.toString(), "--resume", "--quiet");
            assertThat(second.code()).isEqualTo(2);
            assertThat(second.err().strip()).isEqualTo("initlab: --out " + out
                    + " is in use by another initlab run (pid " + process.pid() + "); wait for it to end or choose "
                    + "another directory");

            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the run stops within 60 s").isTrue();
        } finally {
            process.destroyForcibly();
        }
        String err = read(stderr);
        assertThat(process.exitValue()).as(err).isEqualTo(130);
        assertThat(err).contains("initlab: stopped; ").contains("trials finished and written to " + out);
        List<String> journal = Files.readAllLines(out.resolve(TrialJournal.FILE));
        assertThat(journal.size()).isBetween(1, 39);
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.get("trials")).hasSize(journal.size());
        assertThat(out.resolve("report.html")).exists();
        assertThat(out.resolve(OutputDirectoryLock.FILE)).doesNotExist();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
