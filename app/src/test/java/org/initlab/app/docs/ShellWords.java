package org.initlab.app.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one shell command line into words the way a POSIX shell would for the commands quoted in the docs:
 * single and double quotes, backslash escapes, a {@code # comment} at the start of a word, and the end of the
 * command at an unquoted pipe, redirection ({@code >}, {@code 2>}, {@code <}), {@code ;} or {@code &}.
 * Variables, globs and {@code ~} are left as written (the commands are parsed, never run).
 */
final class ShellWords {
    private ShellWords() {
    }

    /**
     * Joins the lines of a command that end in a backslash with the lines that follow them.
     *
     * @param lines the lines of a fenced block, from the command's first line on
     * @return the logical command line and the number of physical lines it used
     */
    static Joined join(List<String> lines) {
        StringBuilder command = new StringBuilder();
        int used = 0;
        for (String line : lines) {
            used++;
            String stripped = line.stripTrailing();
            if (stripped.endsWith("\\") && !stripped.endsWith("\\\\")) {
                command.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                command.append(line);
                break;
            }
        }
        return new Joined(command.toString(), used);
    }

    /**
     * A logical command line.
     *
     * @param line  the joined text
     * @param lines how many physical lines it spans
     */
    record Joined(String line, int lines) {
    }

    /**
     * @param line one logical command line
     * @return its words up to the first comment, pipe or redirection
     * @throws IllegalArgumentException for an unterminated quote
     */
    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        scan:
        while (i < line.length()) {
            char c = line.charAt(i);
            switch (c) {
                case '\'' -> {
                    int end = line.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("unterminated single quote");
                    }
                    word.append(line, i + 1, end);
                    inWord = true;
                    i = end + 1;
                }
                case '"' -> {
                    i++;
                    while (true) {
                        if (i >= line.length()) {
                            throw new IllegalArgumentException("unterminated double quote");
                        }
                        char d = line.charAt(i);
                        if (d == '"') {
                            break;
                        }
                        if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                            i++;
                            d = line.charAt(i);
                        }
                        word.append(d);
                        i++;
                    }
                    inWord = true;
                    i++;
                }
                case '\\' -> {
                    if (i + 1 < line.length()) {
                        word.append(line.charAt(i + 1));
                    }
                    inWord = true;
                    i += 2;
                }
                case '#' -> {
                    if (!inWord) {
                        break scan;
                    }
                    word.append(c);
                    i++;
                }
                case '|', ';', '&', '<' -> {
                    break scan;
                }
                case '>' -> {
                    if (inWord && (word.toString().equals("2") || word.toString().equals("1"))) {
                        word.setLength(0);
                        inWord = false;
                    }
                    break scan;
                }
                default -> {
                    if (Character.isWhitespace(c)) {
                        if (inWord) {
                            words.add(word.toString());
                            word.setLength(0);
                            inWord = false;
                        }
                    } else {
                        word.append(c);
                        inWord = true;
                    }
                    i++;
                }
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }
}
