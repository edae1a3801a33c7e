package org.initlab.spi.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * A parsed spec string {@code name(arg, key=value, ...)}: how users name an initializer
 * ({@code he-uniform(a=0.1, mode=fan_out, nonlinearity=leaky_relu)}), an optimizer ({@code adam(lr=0.001)})
 * or anything else configurable from one line.
 *
 * <p>Grammar: {@code spec := name [ "(" [ arg ("," arg)* ] ")" ]}, {@code name := [A-Za-z_][A-Za-z0-9_.-]*},
 * {@code arg := [key "="] value}. A value is a double-quoted string (with {@code \"} for a quote) or raw text
 * up to the next comma or closing parenthesis outside balanced parentheses, so nested specs such as
 * {@code missing=he-normal(mode=fan_out)} need no quotes. Specs nest at most {@link #MAX_NESTING} deep.
 *
 * @param name      the name, as written (lookup is the registry's business)
 * @param arguments the arguments in order
 */
@API(status = INTERNAL, since = "0.1")
public record SpecString(String name, List<SpecArgument> arguments) {
    /** The deepest nesting of specs in arguments accepted ({@code lsuv(pre=orthogonal(...))} is 2). */
    public static final int MAX_NESTING = 32;

    /** Copies the argument list. */
    public SpecString {
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
    }

    /**
     * Parses a spec string.
     *
     * @param text the text
     * @return the parsed spec
     * @throws IllegalArgumentException with the position and the problem when the text is malformed
     */
    public static SpecString parse(String text) {
        Objects.requireNonNull(text, "text");
        return new Parser(text).parse();
    }

    /**
     * @param key an argument name
     * @return the value of the named argument, if present
     */
    public Optional<String> argument(String key) {
        return arguments.stream().filter(a -> a.name().filter(key::equals).isPresent()).map(SpecArgument::value)
                .findFirst();
    }

    /** @return the canonical text: {@code name} or {@code name(a=1, b=x)} */
    @Override
    public String toString() {
        if (arguments.isEmpty()) {
            return name;
        }
        return name + arguments.stream().map(SpecArgument::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        SpecString parse() {
            skipSpace();
            String name = identifier("a name");
            List<SpecArgument> args = new ArrayList<>();
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == '(') {
                pos++;
                skipSpace();
                if (peek() == ')') {
                    pos++;
                } else {
                    while (true) {
                        args.add(argument());
                        skipSpace();
                        char c = peek();
                        if (c == ',') {
                            pos++;
                        } else if (c == ')') {
                            pos++;
                            break;
                        } else {
                            throw error(pos >= text.length() ? "missing ')'" : "expected ',' or ')'");
                        }
                    }
                }
            }
            skipSpace();
            if (pos < text.length()) {
                throw error("unexpected '" + text.substring(pos) + "' after the spec");
            }
            return new SpecString(name, args);
        }

        private SpecArgument argument() {
            skipSpace();
            int start = pos;
            if (pos < text.length() && isIdentStart(text.charAt(pos))) {
                String key = identifier("an option name");
                skipSpace();
                if (peek() == '=') {
                    pos++;
                    skipSpace();
                    return new SpecArgument(Optional.of(key), value());
                }
                pos = start;
            }
            return new SpecArgument(Optional.empty(), value());
        }

        private String value() {
            if (peek() == '"') {
                pos++;
                StringBuilder sb = new StringBuilder();
                while (pos < text.length() && text.charAt(pos) != '"') {
                    char c = text.charAt(pos++);
                    if (c == '\\' && pos < text.length()) {
                        c = text.charAt(pos++);
                    }
                    sb.append(c);
                }
                if (pos >= text.length()) {
                    throw error("unterminated quoted value");
                }
                pos++;
                return sb.toString();
            }
            int start = pos;
            int depth = 0;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '(') {
                    depth++;
                    if (depth >= MAX_NESTING) {
                        throw error("specs nested more than " + MAX_NESTING + " deep");
                    }
                } else if (c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                pos++;
            }
            if (depth != 0) {
                throw error("unbalanced '(' in value");
            }
            String value = text.substring(start, pos).strip();
            if (value.isEmpty()) {
                throw error("empty value");
            }
            return value;
        }

        private String identifier(String what) {
            int start = pos;
            if (pos >= text.length() || !isIdentStart(text.charAt(pos))) {
                throw error("expected " + what);
            }
            pos++;
            while (pos < text.length() && isIdentPart(text.charAt(pos))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private static boolean isIdentStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        private static boolean isIdentPart(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("malformed spec '" + text + "': " + problem + " at position "
                    + (pos + 1));
        }
    }
}
