package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output directory: the lock, its stale take-over, and the refusal to replace a journal. */
class OutputDirectoryLockTest {
    private static final String[] SMALL = {"compare", "--init", "he-normal", "--seeds", "1", "--epochs", "1",
            "--train-limit", "200", "--test-limit", "100", "--model", "mlp:784-16-10", "--threads", "1", "--quiet"};

    @TempDir
    Path tmp;

    private static CliTest.Run compare(String... extra) {
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.addAll(List.of(extra));
        return CliTest.run(args.toArray(String[]::new));
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p) + (Files.isRegularFile(p) ? " " + size(p) : "")).sorted().toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSecondWriterIsOneLineNamingTheDirectoryAndTheHolderAndWritesNothing() throws Exception {
        Path out = tmp.resolve("run");
        long pid = ProcessHandle.current().pid();
        try (OutputDirectoryLock lock = OutputDirectoryLock.acquire("--out", out, w -> { })) {
            // (the file is not read here: closing any channel of it would drop this process's lock; the forked
            // TerminationSignalTest reads another process's pid from it)
            assertThat(lock.file()).exists();
            List<String> before = listing(out);
            for (CliTest.Run r : List.of(compare("--out", out.toString()),
                    compare("--save-weights", out.toString()),
                    CliTest.run("inspect", "--init", "he-normal", "--model", "mlp:784-16-10", "--batch", "8",
                            "--out", out.toString()))) {
                assertThat(r.code()).as(r.err()).isEqualTo(2);
                assertThat(r.err().strip().lines()).hasSize(1);
                assertThat(r.err()).contains(out.toString()).contains("in use by another initlab run (pid " + pid + ")");
                assertThat(r.out()).isEmpty();
            }
            assertThat(listing(out)).isEqualTo(before);
            assertThatThrownBy(() -> OutputDirectoryLock.acquire("--out", out, w -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pid " + pid);
        }
        assertThat(out.resolve(OutputDirectoryLock.FILE)).doesNotExist();
        // released: the next run gets the directory, and leaves no lock file behind
        CliTest.Run r = compare("--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(out.resolve("results.json")).exists();
        assertThat(out.resolve(OutputDirectoryLock.FILE)).doesNotExist();
    }

    @Test
    void aStaleLockOfADeadProcessIsTakenOverWithAWarning() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor()).isZero();
        long deadPid = gone.pid();
        Path dir = tmp.resolve("dir");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(OutputDirectoryLock.FILE), deadPid + "\n");
        List<String> warnings = new ArrayList<>();
        try (OutputDirectoryLock lock = OutputDirectoryLock.acquire("--out", dir, warnings::add)) {
            assertThat(warnings).singleElement().asString().contains("left by process " + deadPid)
                    .contains(dir.toString());
            assertThat(Files.size(lock.file())).isEqualTo((ProcessHandle.current().pid() + "\n").length());
        }
        assertThat(dir.resolve(OutputDirectoryLock.FILE)).doesNotExist();

        // through the command: a warning on stderr (not with --quiet, which keeps stderr for errors), then the run
        Files.writeString(dir.resolve(OutputDirectoryLock.FILE), deadPid + "\n");
        List<String> args = new ArrayList<>(List.of(SMALL));
        args.remove("--quiet");
        args.addAll(List.of("--out", dir.toString()));
        CliTest.Run r = CliTest.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("initlab: warning: taking over the lock of " + dir + " left by process " + deadPid);
    }

    @Test
    void aRunWithoutResumeRefusesToReplaceAJournalAndForceStartsOver() throws Exception {
        Path out = tmp.resolve("run");
        assertThat(compare("--out", out.toString()).code()).isZero();
        List<String> journal = Files.readAllLines(out.resolve(TrialJournal.FILE));
        List<String> before = listing(out);

        CliTest.Run again = compare("--out", out.toString(), "--seed", "7");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err().strip().lines()).hasSize(1);
        assertThat(again.err()).contains(out + " already holds a run (trials.jsonl)").contains("--resume")
                .contains("--force");
        assertThat(listing(out)).isEqualTo(before);

        CliTest.Run both = compare("--out", out.toString(), "--resume", "--force");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("give one");

        CliTest.Run forced = compare("--out", out.toString(), "--seed", "7", "--force");
        assertThat(forced.code()).as(forced.err()).isZero();
        List<String> replaced = Files.readAllLines(out.resolve(TrialJournal.FILE));
        assertThat(replaced).hasSize(1).doesNotContainAnyElementsOf(journal);
        assertThat(replaced.get(0)).contains("\"seed\":7");
    }

    @Test
    void anEmptyJournalIsNoRunToProtect() throws Exception {
        Path out = tmp.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve(TrialJournal.FILE), "");
        CliTest.Run r = compare("--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out.resolve(TrialJournal.FILE))).hasSize(1);
    }
}
