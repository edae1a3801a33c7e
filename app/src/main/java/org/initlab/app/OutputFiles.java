package org.initlab.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files written into one output directory, each to a temporary name ({@code NAME.tmp}), synced and moved
 * into place, so that a reader or a killed run never sees half a file; a write that fails (a full disk, a
 * directory in the way) removes its temporary file and leaves the previous file, if any, as it was. The
 * directory remembers what it wrote, so that a run can say exactly which files it produced.
 */
final class OutputFiles {
    private final Path dir;
    private final List<String> written = new ArrayList<>();

    /** @param dir the output directory (created on the first write when needed) */
    OutputFiles(Path dir) {
        this.dir = dir;
    }

    /** @return the directory */
    Path dir() {
        return dir;
    }

    /**
     * Writes one file.
     *
     * @param name    the file's name in the directory
     * @param content its content
     * @throws UncheckedIOException naming the file and the reason when it could not be written
     */
    void write(String name, byte[] content) {
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
        writeFile(target, content);
        written.add(name);
    }

    /**
     * Writes one text file in UTF-8.
     *
     * @param name    the file's name in the directory
     * @param content its text
     * @throws UncheckedIOException naming the file and the reason when it could not be written
     */
    void write(String name, String content) {
        write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the names of the files written so far, in order */
    List<String> written() {
        return List.copyOf(written);
    }

    /**
     * Writes one file into an existing directory as {@link #atomicWrite(Path, byte[])} does.
     *
     * @param target  the file
     * @param content its content
     * @throws UncheckedIOException naming the file and the reason when it could not be written
     */
    static void writeFile(Path target, byte[] content) {
        try {
            atomicWrite(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /**
     * Writes one text file in UTF-8 into an existing directory as {@link #atomicWrite(Path, byte[])} does.
     *
     * @param target the file
     * @param text   its text
     * @throws UncheckedIOException naming the file and the reason when it could not be written
     */
    static void writeFile(Path target, String text) {
        writeFile(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a file to {@code target.tmp}, syncs it and moves it onto {@code target}; on failure the temporary
     * file is removed.
     *
     * @param target  the file
     * @param content its content
     * @throws IOException when it could not be written; {@code target} is then unchanged
     */
    static void atomicWrite(Path target, byte[] content) throws IOException {
        atomicWrite(target, tmp -> {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        });
    }

    /** Writes a whole file at a path it is given (a format writer such as {@code Safetensors.write}). */
    @FunctionalInterface
    interface FileWriting {
        /**
         * @param file the file to create or replace
         * @throws IOException when it cannot be written
         */
        void writeTo(Path file) throws IOException;
    }

    /**
     * Lets {@code writing} write {@code target.tmp} (in the target's directory), syncs it and moves it onto
     * {@code target}, atomically where the file system can; on failure the temporary file is removed, so
     * nothing half-written is left behind.
     *
     * @param target  the file
     * @param writing writes the content to the path it is given
     * @throws IOException when it could not be written; {@code target} is then unchanged
     */
    static void atomicWrite(Path target, FileWriting writing) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            writing.writeTo(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                if (!Files.isDirectory(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** @return the cause of a failed write as users know it ("No space left on device") */
    static String reason(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof java.nio.file.FileSystemException) {
            return e.getClass().getSimpleName() + ": " + message;
        }
        return message;
    }
}
