package org.initlab.initializers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.internal.SpecArgument;

/**
 * Canonical spec text and option error messages shared by the built-in initializers.
 *
 * <p>The canonical spec of an initializer is its canonical name followed by the options whose value differs
 * from the default, in declaration order, with numbers written as {@link #number(double)} writes them
 * ({@code he-normal(mode=fan_out, nonlinearity=relu)}): the rule of
 * {@link org.initlab.spi.InitializerOptions#canonicalSpec()}, which names initializers in results files and
 * reports; {@code OptionBindingTest} holds every built-in's {@code toString} to it. Equal initializers have
 * equal canonical specs, and parsing one back gives an equal initializer.
 */
final class SpecText {
    private final String name;
    private final List<String> arguments = new ArrayList<>();

    private SpecText(String name) {
        this.name = name;
    }

    /** Starts the canonical spec of the initializer with canonical name {@code name}. */
    static SpecText of(String name) {
        return new SpecText(name);
    }

    /** Adds a number option when it differs from its default. */
    SpecText number(String option, double value, double defaultValue) {
        if (value != defaultValue) {
            arguments.add(option + "=" + number(value));
        }
        return this;
    }

    /** Adds a required number option (always shown). */
    SpecText number(String option, double value) {
        arguments.add(option + "=" + number(value));
        return this;
    }

    /** Adds a choice option when it differs from its default. */
    SpecText choice(String option, String value, String defaultValue) {
        if (!value.equals(defaultValue)) {
            arguments.add(option + "=" + value);
        }
        return this;
    }

    /** Adds an integer option when it differs from its default. */
    SpecText integer(String option, long value, long defaultValue) {
        if (value != defaultValue) {
            arguments.add(option + "=" + value);
        }
        return this;
    }

    /**
     * Adds a text option (a path, a nested initializer spec) when it differs from its default, quoted as
     * {@link SpecArgument} quotes values that would not parse back otherwise.
     */
    SpecText text(String option, String value, String defaultValue) {
        if (!value.equals(defaultValue)) {
            arguments.add(new SpecArgument(Optional.of(option), value).toString());
        }
        return this;
    }

    @Override
    public String toString() {
        return arguments.isEmpty() ? name : name + "(" + String.join(", ", arguments) + ")";
    }

    /** Writes a number as {@link OptionSpec#formatNumber(double)} does, the rule of canonical specs. */
    static String number(double value) {
        return OptionSpec.formatNumber(value);
    }

    /** Fails unless {@code value >= 0}, with a message that names the option and the initializer. */
    static double requireNonNegative(String initializer, String option, double value) {
        requireFinite(initializer, option, value);
        if (!(value >= 0)) {
            throw new IllegalArgumentException(
                    "option '" + option + "' of " + initializer + " must be >= 0, got " + number(value));
        }
        return value;
    }

    /** Fails unless {@code value > 0}, with a message that names the option and the initializer. */
    static double requirePositive(String initializer, String option, double value) {
        requireFinite(initializer, option, value);
        if (!(value > 0)) {
            throw new IllegalArgumentException(
                    "option '" + option + "' of " + initializer + " must be > 0, got " + number(value));
        }
        return value;
    }

    /** Fails unless {@code low <= value <= high}, with a message that names the option and the initializer. */
    static double requireBetween(String initializer, String option, double value, double low, double high) {
        requireFinite(initializer, option, value);
        if (!(value >= low && value <= high)) {
            throw new IllegalArgumentException("option '" + option + "' of " + initializer + " must be in ["
                    + number(low) + ", " + number(high) + "], got " + number(value));
        }
        return value;
    }

    /** Fails unless {@code value} is finite, with a message that names the option and the initializer. */
    static double requireFinite(String initializer, String option, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "option '" + option + "' of " + initializer + " must be finite, got " + value);
        }
        return value;
    }

    /** Fails unless {@code value} is one of {@code choices}, in the words {@code InitializerOptions} uses. */
    static String requireChoice(String initializer, String option, String value, List<String> choices) {
        if (!choices.contains(value)) {
            throw new IllegalArgumentException("option '" + option + "' of " + initializer + " must be one of "
                    + String.join(", ", choices) + ", got '" + value + "'");
        }
        return value;
    }
}
