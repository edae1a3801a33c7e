package org.initlab.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@link OutputDirectoryLock}s of a {@code compare} run: its {@code --out} directory and its
 * {@code --save-weights} directory (one lock when both name the same directory). Closing releases both.
 */
final class OutputDirectoryLocks implements AutoCloseable {
    private final List<OutputDirectoryLock> locks;

    private OutputDirectoryLocks(List<OutputDirectoryLock> locks) {
        this.locks = List.copyOf(locks);
    }

    /**
     * @param out         the --out directory, if any
     * @param saveWeights the --save-weights directory, if any
     * @param warn        receives the warning of a stale lock taken over
     * @return the held locks
     * @throws IllegalArgumentException when a directory cannot be created or another run holds it
     */
    static OutputDirectoryLocks acquire(Optional<Path> out, Optional<Path> saveWeights, Consumer<String> warn) {
        List<OutputDirectoryLock> locks = new ArrayList<>();
        try {
            if (out.isPresent()) {
                locks.add(OutputDirectoryLock.acquire("--out", out.get(), warn));
            }
            if (saveWeights.isPresent() && !(out.isPresent() && sameDirectory(out.get(), saveWeights.get()))) {
                locks.add(OutputDirectoryLock.acquire("--save-weights", saveWeights.get(), warn));
            }
        } catch (RuntimeException e) {
            locks.forEach(OutputDirectoryLock::close);
            throw e;
        }
        return new OutputDirectoryLocks(locks);
    }

    private static boolean sameDirectory(Path out, Path saveWeights) {
        try {
            return out.toRealPath().equals(saveWeights.toRealPath());
        } catch (IOException e) {
            return out.toAbsolutePath().normalize().equals(saveWeights.toAbsolutePath().normalize());
        }
    }

    @Override
    public void close() {
        locks.forEach(OutputDirectoryLock::close);
    }
}
