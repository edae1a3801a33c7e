package org.initlab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV line longer than {@link CsvDatasets#MAX_LINE_CHARS} is refused, not held in memory (issue 12, item 2). */
class CsvLineBoundTest {
    @TempDir
    Path dir;

    @Test
    void aGzipThatInflatesToOneHugeLineIsRefusedWithTheLineNumber() throws IOException {
        Path file = dir.resolve("bomb.csv.gz");
        byte[] chunk = new byte[1 << 16];
        java.util.Arrays.fill(chunk, (byte) '1');
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("0,1,2\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (long written = 0; written <= CsvDatasets.MAX_LINE_CHARS; written += chunk.length) {
                out.write(chunk);
            }
        }
        assertThat(Files.size(file)).isLessThan(1 << 20);
        assertThatThrownBy(() -> CsvDatasets.read(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("bomb.csv.gz line 2")
                .hasMessageContaining("longer than " + CsvDatasets.MAX_LINE_CHARS + " characters");
    }

    @Test
    void aSparseFileOfNulBytesIsRefused() throws IOException {
        Path file = dir.resolve("sparse.csv");
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            // a hole: no disk used, reads as NUL bytes
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), CsvDatasets.MAX_LINE_CHARS + 10L);
        }
        assertThatThrownBy(() -> CsvDatasets.read(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("sparse.csv line 1").hasMessageContaining("longer than");
    }

    @Test
    void lineEndingsOfEveryKindStillWork() {
        Path file = IdxTestFiles.write(dir.resolve("mixed.csv"),
                "0,1,2\r\n1,3,4\r2,5,6\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Dataset data = CsvDatasets.read(file);
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.label(2)).isEqualTo(2);
    }
}
