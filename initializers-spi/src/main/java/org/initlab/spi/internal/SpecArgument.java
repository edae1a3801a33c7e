package org.initlab.spi.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One argument of a {@link SpecString}: {@code std=0.01} (named) or {@code 0.01} (positional).
 *
 * @param name  the option name, empty for a positional argument
 * @param value the value text, trimmed, quotes removed
 */
@API(status = INTERNAL, since = "0.1")
public record SpecArgument(Optional<String> name, String value) {
    /** Validates that neither part is null. */
    public SpecArgument {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        String shown = needsQuotes(value) ? "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                : value;
        return name.map(n -> n + "=" + shown).orElse(shown);
    }

    private static boolean needsQuotes(String value) {
        if (value.isEmpty() || !value.equals(value.strip()) || value.indexOf('"') >= 0) {
            return true;
        }
        int depth = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth < 0) {
                    return true;
                }
            } else if (c == ',' && depth == 0) {
                return true;
            }
        }
        return depth != 0;
    }
}
