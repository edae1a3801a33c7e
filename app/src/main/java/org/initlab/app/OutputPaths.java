package org.initlab.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks of output paths made before any work, so that a path that cannot be written is bad input (one
 * line, exit 2) in every command, not a failure after the computation.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * @param option the option, for the message
     * @param path   its value, if given
     * @throws IllegalArgumentException for an empty path (it would silently mean the current directory)
     */
    static void checkNotEmpty(String option, Optional<Path> path) {
        if (path.isPresent() && path.get().toString().isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give a path (use '.' for the current directory)");
        }
    }

    /**
     * Checks that a file can be created: its name is not empty, its directory exists and is writable, and it
     * is not itself a directory.
     *
     * @param option the option, for the message
     * @param file   the file to write
     * @throws IllegalArgumentException naming the option, the path and the problem
     */
    static void checkWritableFile(String option, Path file) {
        checkNotEmpty(option, Optional.of(file));
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a directory; give a file name");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option + " " + file + ": the directory " + parent
                    + " does not exist (create it first)");
        }
        if (!Files.isWritable(parent)) {
            throw new IllegalArgumentException(option + " " + file + ": the directory " + parent + " is not writable");
        }
    }

    /**
     * Creates a directory (and its parents) and checks that it is writable.
     *
     * @param option the option, for the message
     * @param dir    the directory
     * @throws IllegalArgumentException naming the option, the path and the problem
     */
    static void prepareDirectory(String option, Path dir) {
        checkNotEmpty(option, Optional.of(dir));
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(option + " " + dir + ": cannot create the directory (" + e + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(option + " " + dir + ": directory is not writable");
        }
    }
}
