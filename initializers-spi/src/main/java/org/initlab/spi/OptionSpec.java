package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * One typed option of an initializer, with its default.
 *
 * @param name         the option name as written in spec strings ({@code std}, {@code mode})
 * @param type         its type
 * @param defaultValue its default as spec text; empty when the option is required
 * @param choices      the allowed words for {@link OptionType#CHOICE}, empty otherwise
 * @param description  one line for {@code initlab list}
 */
@API(status = STABLE, since = "0.1")
public record OptionSpec(String name, OptionType type, Optional<String> defaultValue, List<String> choices,
                         String description) {

    /** Validates the option and copies the choices. */
    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("option name must be lower_snake_case, got '" + name + "'");
        }
        if (type == OptionType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice option '" + name + "' needs at least one choice");
        }
    }

    /**
     * @param name         option name
     * @param defaultValue default value
     * @param description  one line
     * @return a number option with a default
     */
    public static OptionSpec number(String name, double defaultValue, String description) {
        return new OptionSpec(name, OptionType.NUMBER, Optional.of(formatNumber(defaultValue)), List.of(),
                description);
    }

    /**
     * @param name        option name
     * @param description one line
     * @return a required number option
     */
    public static OptionSpec requiredNumber(String name, String description) {
        return new OptionSpec(name, OptionType.NUMBER, Optional.empty(), List.of(), description);
    }

    /**
     * @param name         option name
     * @param defaultValue default value
     * @param description  one line
     * @return an integer option with a default
     */
    public static OptionSpec integer(String name, long defaultValue, String description) {
        return new OptionSpec(name, OptionType.INTEGER, Optional.of(Long.toString(defaultValue)), List.of(),
                description);
    }

    /**
     * @param name         option name
     * @param defaultValue default value, one of {@code choices}
     * @param choices      the allowed words
     * @param description  one line
     * @return a choice option with a default
     */
    public static OptionSpec choice(String name, String defaultValue, List<String> choices, String description) {
        if (!choices.contains(defaultValue)) {
            throw new IllegalArgumentException("default '" + defaultValue + "' of option '" + name
                    + "' is not one of " + choices);
        }
        return new OptionSpec(name, OptionType.CHOICE, Optional.of(defaultValue), choices, description);
    }

    /**
     * @param name         option name
     * @param defaultValue default value, or empty for a required option
     * @param description  one line
     * @return a text option
     */
    public static OptionSpec text(String name, Optional<String> defaultValue, String description) {
        return new OptionSpec(name, OptionType.TEXT, defaultValue, List.of(), description);
    }

    /**
     * @param name         option name
     * @param defaultValue default value
     * @param description  one line
     * @return a boolean option
     */
    public static OptionSpec bool(String name, boolean defaultValue, String description) {
        return new OptionSpec(name, OptionType.BOOLEAN, Optional.of(Boolean.toString(defaultValue)), List.of(),
                description);
    }

    /**
     * @param name         option name
     * @param defaultValue default nested initializer spec
     * @param description  one line
     * @return an option whose value is another initializer spec
     */
    public static OptionSpec initializer(String name, String defaultValue, String description) {
        return new OptionSpec(name, OptionType.INITIALIZER, Optional.of(defaultValue), List.of(), description);
    }

    /** @return {@code true} when the option has no default */
    public boolean required() {
        return defaultValue.isEmpty();
    }

    /** @return {@code name=default}, {@code name} when required, as shown by {@code initlab list} */
    @Override
    public String toString() {
        return defaultValue.map(d -> name + "=" + d).orElse(name);
    }

    /**
     * Formats a number as option defaults and canonical specs show it: whole numbers without a fraction
     * ({@code 1}, {@code -1}), negative zero as {@code -0} (so that {@code constant(value=-0)} parses back to
     * the same fill), others as {@link Double#toString(double)} ({@code 0.01}, {@code 1.0E-8}).
     *
     * @param value the number
     * @return its text
     */
    public static String formatNumber(double value) {
        if (value == 0) {
            return Double.doubleToRawLongBits(value) == 0 ? "0" : "-0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
