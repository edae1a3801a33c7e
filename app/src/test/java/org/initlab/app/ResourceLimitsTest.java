package org.initlab.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that used to exhaust the JVM (issue 12, item 2), run in a forked JVM with a small heap: each is refused
 * with one line naming the option and the memory it would need, exit 2, instead of an OutOfMemoryError trace.
 */
class ResourceLimitsTest {
    private static final String HEAP = "-Xmx96m";

    @TempDir
    Path tmp;

    record Result(int code, String err) {
    }

    private Result fork(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, HEAP, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(tmp.resolve("err.txt").toFile()).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished in time").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(tmp.resolve("err.txt")));
    }

    private static void assertRefused(Result r, String fragment) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("initlab: ").contains(fragment).contains("of memory but the JVM has")
                .doesNotContain("OutOfMemoryError").doesNotContain("\tat ");
    }

    @Test
    void aTensorLargerThanTheHeapNamesTheShape() throws Exception {
        assertRefused(fork("sample", "--init", "he-normal", "--shape", "8000,8000"),
                "--shape 8000,8000: a float32 tensor of 64000000 values would need about 244.1 MiB");
    }

    @Test
    void tooManySeedsAndTooManyRoundsAreRefused() throws Exception {
        assertRefused(fork("compare", "--seeds", "1000000000"), "--seeds 1000000000: 4000000000 trials");
        assertRefused(fork("bench", "--rounds", "2000000000"), "--rounds 2000000000: the timings of 2000000000 rounds");
    }

    @Test
    void aWideModelAndALargeInspectBatchAreRefused() throws Exception {
        assertRefused(fork("compare", "--model", "mlp:784-1048576-10"), "--model mlp:784-1048576-10: training");
        assertRefused(fork("inspect", "--input", "gaussian", "--batch", "200000"), "--batch 200000: inspecting");
    }

    @Test
    void aGzipThatInflatesToOneHugeLineIsOneLine() throws Exception {
        Path bomb = tmp.resolve("bomb.csv.gz");
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, (byte) '1');
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            out.write("0,".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1024; i++) {
                out.write(chunk); // 64 MiB without a newline: more than this heap holds as a string
            }
        }
        Result r = fork("compare", "--train-data", bomb.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains("bomb.csv.gz line 1").contains("longer than 16777216 characters")
                .doesNotContain("OutOfMemoryError");
    }
}
