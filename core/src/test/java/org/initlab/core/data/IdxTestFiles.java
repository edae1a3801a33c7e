package org.initlab.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files for tests. */
final class IdxTestFiles {
    private IdxTestFiles() {
    }

    /** The bytes of an image file: magic, count, rows, columns, then {@code pixels}. */
    static byte[] images(int magic, int count, int rows, int columns, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(magic).putInt(count).putInt(rows).putInt(columns)
                .put(pixels).array();
    }

    /** A well-formed image file of {@code count} images whose pixel k (over the whole file) is {@code k % 256}. */
    static byte[] images(int count, int rows, int columns) {
        byte[] pixels = new byte[count * rows * columns];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = (byte) k;
        }
        return images(IdxFiles.IMAGE_MAGIC, count, rows, columns, pixels);
    }

    /** The bytes of a label file: magic, count, then the labels. */
    static byte[] labelsWithHeader(int magic, int count, int... labels) {
        ByteBuffer b = ByteBuffer.allocate(8 + labels.length).putInt(magic).putInt(count);
        for (int label : labels) {
            b.put((byte) label);
        }
        return b.array();
    }

    /** A well-formed label file. */
    static byte[] labels(int... labels) {
        return labelsWithHeader(IdxFiles.LABEL_MAGIC, labels.length, labels);
    }

    static byte[] gzip(byte[] content) {
        return gzip(content, Deflater.DEFAULT_COMPRESSION);
    }

    /** Gzips with the given {@link Deflater} level; {@link Deflater#BEST_SPEED} keeps big fixtures quick. */
    static byte[] gzip(byte[] content, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] truncate(byte[] content, int length) {
        return Arrays.copyOf(content, length);
    }

    static byte[] append(byte[] content, int extraBytes) {
        return Arrays.copyOf(content, content.length + extraBytes);
    }
}
