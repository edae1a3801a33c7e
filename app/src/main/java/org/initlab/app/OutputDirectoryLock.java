package org.initlab.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One writer per output directory: an exclusive lock on {@code DIR/.initlab.lock}, held for a whole run.
 *
 * <p>The lock is an operating-system file lock ({@link FileChannel#tryLock()}), so it is released when its
 * process ends however it ends; the file holds the holder's process id, for messages. A lock file left by a
 * process that died (kill -9, power loss) is taken over with a warning naming that pid. A second run that
 * finds the directory locked fails with one line naming the directory and the holder's pid
 * ({@link IllegalArgumentException}, exit code 2) before it writes anything. Closing the lock deletes the file.
 *
 * <p>Operating-system locks belong to a process, and closing any channel of the file in that process releases
 * them: the locks of this JVM are therefore also kept in a process-wide set, and a held lock file is never opened
 * a second time by this JVM (nor should anything else in it open the file).
 *
 * <p>Use it around everything a command writes into a directory it owns ({@code compare --out},
 * {@code --save-weights}, {@code inspect --out}, a sweep's directory):
 * <pre>{@code
 * try (OutputDirectoryLock lock = OutputDirectoryLock.acquire("--out", dir, warning -> log(warning))) {
 *     ... write into dir ...
 * }
 * }</pre>
 */
public final class OutputDirectoryLock implements AutoCloseable {
    /** The lock file's name inside the locked directory. */
    public static final String FILE = ".initlab.lock";

    private static final int ATTEMPTS = 5;
    /** The lock files this JVM holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory when needed and locks it for this process.
     *
     * @param option the option that named the directory, for messages ({@code --out})
     * @param dir    the directory
     * @param warn   receives a one-line warning when a stale lock of a dead process is taken over
     * @return the held lock; close it when the run is over
     * @throws IllegalArgumentException when the directory cannot be created or written, or another process (or
     *                                  another run in this one) holds the lock: the message names the directory
     *                                  and the holder's pid
     */
    public static OutputDirectoryLock acquire(String option, Path dir, Consumer<String> warn) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + dir + ": cannot create the directory (" + e + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": directory is not writable");
        }
        Path file = key(dir.resolve(FILE));
        if (!HELD.add(file)) {
            throw inUse(option, dir, Optional.of(Long.toString(ProcessHandle.current().pid())));
        }
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Optional<OutputDirectoryLock> lock = tryAcquire(option, dir, file, warn);
                if (lock.isPresent()) {
                    return lock.get();
                }
            }
            throw new IllegalArgumentException(option + " " + dir + ": cannot lock the directory (" + file
                    + " keeps changing: another run is starting or ending there)");
        } catch (RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    /** @return the lock, or empty when the file was replaced while locking it (try again) */
    private static Optional<OutputDirectoryLock> tryAcquire(String option, Path dir, Path file, Consumer<String> warn) {
        FileChannel channel = null;
        try {
            Optional<Object> before = fileKey(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw inUse(option, dir, holder(channel));
            }
            Optional<Object> after = fileKey(file);
            if (after.isEmpty() || before.isPresent() && !before.equals(after)) {
                // the holder before us deleted the file after we opened it: lock the file now at the path
                lock.release();
                channel.close();
                return Optional.empty();
            }
            Optional<String> previous = holder(channel);
            String self = Long.toString(ProcessHandle.current().pid());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((self + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            previous.filter(pid -> !pid.equals(self)).ifPresent(pid -> warn.accept("taking over the lock of " + dir
                    + " left by process " + pid + ", which ended without releasing it (" + file + ")"));
            return Optional.of(new OutputDirectoryLock(file, channel, lock));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalArgumentException(option + " " + dir + ": cannot lock the directory (" + e + ")");
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** @return the pid written in the lock file, when there is one */
    private static Optional<String> holder(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0 || size > 64) {
            return Optional.empty();
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
            // read it all
        }
        String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).strip();
        return text.matches("[0-9]{1,19}") ? Optional.of(text) : Optional.empty();
    }

    private static IllegalArgumentException inUse(String option, Path dir, Optional<String> pid) {
        return new IllegalArgumentException(option + " " + dir + " is in use by another initlab run ("
                + pid.map(p -> "pid " + p).orElse("a process that is starting") + "); wait for it to end or choose "
                + "another directory");
    }

    /** @return the identity of the file at a path (device and inode), without opening it; empty when absent */
    private static Optional<Object> fileKey(Path file) throws IOException {
        try {
            Object key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return Optional.of(key == null ? file : key);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** @return the absolute, normalized lock file path, with symbolic links of the directory resolved */
    private static Path key(Path file) {
        try {
            return file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }

    /** @return the lock file */
    public Path file() {
        return file;
    }

    /** Deletes the lock file and releases the lock. */
    @Override
    public void close() {
        try {
            // delete while still holding the lock, so that a waiting run never locks a file that is going away
            Files.deleteIfExists(file);
            lock.release();
        } catch (IOException e) {
            // the process ending releases the lock; a file left behind is taken over as stale
        } finally {
            closeQuietly(channel);
            HELD.remove(file);
        }
    }
}
