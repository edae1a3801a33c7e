package org.initlab.app;

import java.util.List;
import picocli.CommandLine;

/**
 * Turns failures into the one line that {@code initlab} prints on stderr: line breaks and other control
 * characters of the input are escaped (never echoed raw), a picocli parse error keeps its message (which names
 * the option) with the suggestions and a pointer to the command's help on the same line.
 */
final class ErrorLines {
    private ErrorLines() {
    }

    /**
     * @param text a message, possibly quoting input
     * @return the text with line breaks, tabs and other control characters written as {@code \n}, {@code \r},
     *         {@code \t} or {@code \u001b}-style escapes
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * @param text a multi-line text such as a Guice error
     * @return its first non-blank line
     */
    static String firstLine(String text) {
        return text == null ? "" : text.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    }

    /**
     * @param e       a parse error
     * @param command the command, e.g. {@code initlab compare }
     * @return one line: the message, suggestions for an unknown option, and where to find help
     */
    static String parseError(CommandLine.ParameterException e, String command) {
        StringBuilder line = new StringBuilder(escape(e.getMessage().strip()));
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                line.append(line.charAt(line.length() - 1) == '.' ? " " : ". ").append("Possible solutions: ")
                        .append(String.join(", ", suggestions.subList(0, Math.min(3, suggestions.size()))));
            }
        }
        return line.append(" (see '").append(command).append("--help')").toString();
    }

    /**
     * @param e       what ran out
     * @param command the subcommand that ran, e.g. {@code compare}; empty when unknown
     * @return one line naming what ran out and what to do
     */
    static String resourceExhausted(VirtualMachineError e, String command) {
        command = command.isEmpty() ? "" : "'" + command + "' ";
        if (e instanceof StackOverflowError) {
            return command + "ran out of stack (StackOverflowError): an input nested too deep, or a plugin that "
                    + "recurses without end; rerun with --verbose for the trace";
        }
        if (e instanceof OutOfMemoryError) {
            return command + "ran out of memory (" + escape(e.getMessage()) + "; the JVM's heap limit is "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): the input is too large for it; ask "
                    + "for less, or raise it, e.g. INITLAB_JAVA_OPTS=-Xmx16g. Finished trials are kept in --out";
        }
        return command + "failed inside the JVM: " + escape(e.toString());
    }
}
