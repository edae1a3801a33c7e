package org.initlab.app.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds the {@code ./initlab ...} commands quoted in the repository's Markdown: every {@code *.md} under
 * {@code docs/} and every {@code README.md}, inside {@code ```sh} (or {@code bash}, {@code shell}) fences.
 */
final class DocumentedCommands {
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", ".git", ".mvn", "node_modules", ".idea");
    private static final Set<String> SHELL_FENCES = Set.of("sh", "bash", "shell");
    private static final String PROMPT = "./initlab ";

    private DocumentedCommands() {
    }

    /**
     * One quoted command.
     *
     * @param file the Markdown file, relative to the repository root
     * @param line the 1-based line where the command starts
     * @param text the command's logical line, continuation lines joined
     */
    record Quoted(Path file, int line, String text) {
        /** @return {@code file:line} */
        String where() {
            return file.toString().replace('\\', '/') + ":" + line;
        }
    }

    /**
     * @param root the repository root
     * @return the Markdown files that may quote commands, sorted
     */
    static List<Path> markdownFiles(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> root.relativize(p).toString().isEmpty() || noSkippedDirectory(root.relativize(p)))
                    .filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().equals("README.md")
                            || p.getFileName().toString().endsWith(".md") && root.relativize(p).startsWith("docs"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean noSkippedDirectory(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param root the repository root
     * @return every quoted {@code ./initlab} command, in file and line order
     */
    static List<Quoted> find(Path root) {
        List<Quoted> commands = new ArrayList<>();
        for (Path file : markdownFiles(root)) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            commands.addAll(find(root.relativize(file), lines));
        }
        return commands;
    }

    /**
     * @param file  the file's name, for reports
     * @param lines its lines
     * @return the commands quoted in its shell fences
     */
    static List<Quoted> find(Path file, List<String> lines) {
        List<Quoted> commands = new ArrayList<>();
        boolean inShell = false;
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (fence == null) {
                if (line.startsWith("```") || line.startsWith("~~~")) {
                    fence = line.substring(0, 3);
                    inShell = SHELL_FENCES.contains(line.substring(3).strip().toLowerCase(java.util.Locale.ROOT));
                }
                continue;
            }
            if (line.startsWith(fence)) {
                fence = null;
                inShell = false;
                continue;
            }
            if (inShell && line.startsWith(PROMPT)) {
                List<String> rest = new ArrayList<>();
                for (int j = i; j < lines.size() && !lines.get(j).strip().startsWith(fence); j++) {
                    rest.add(lines.get(j).strip());
                }
                ShellWords.Joined joined = ShellWords.join(rest);
                commands.add(new Quoted(file, i + 1, joined.line()));
                i += joined.lines() - 1;
            }
        }
        return commands;
    }
}
