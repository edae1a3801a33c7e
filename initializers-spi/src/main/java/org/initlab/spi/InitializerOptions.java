package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.spi.internal.SpecArgument;
import org.initlab.spi.internal.SpecString;
import org.initlab.spi.internal.Suggestions;
import java.util.stream.Collectors;

/**
 * The validated, typed options of one initializer: every declared {@link OptionSpec} has a value (given or
 * default), every value has been checked against its type.
 *
 * <p>Created by {@link #of(String, List, Map)} from named values, or by {@link #defaults(String, List)}; the
 * registry names a spec string's arguments ({@code org.initlab.spi.internal.OptionBinding}) and binds them
 * here.
 */
@API(status = STABLE, since = "0.1")
public final class InitializerOptions {
    /** Plain decimal numbers: {@code 1}, {@code -0.5}, {@code .5}, {@code 1e-8}; no Java suffixes or hex. */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private final String initializer;
    private final Map<String, OptionSpec> specs;
    private final Map<String, String> values;
    private final List<String> explicit;
    private final InitializerResolver resolver;

    private InitializerOptions(String initializer, Map<String, OptionSpec> specs, Map<String, String> values,
                               List<String> explicit, InitializerResolver resolver) {
        this.initializer = initializer;
        this.specs = specs;
        this.values = values;
        this.explicit = explicit;
        this.resolver = resolver;
    }

    /**
     * Binds named option values to declared options; options not given take their defaults. This is how a test
     * of a plugin creates its options ({@code of("kumar-normal", provider.options(), Map.of("nonlinearity",
     * "tanh"))}); the CLI binds spec strings through the same checks.
     *
     * @param initializer the initializer's name, for error messages
     * @param declared    the declared options
     * @param given       option name to value text, as a user would write it in a spec string
     * @return the bound options
     * @throws IllegalArgumentException for an unknown option (with the closest known name), a missing required
     *                                  option or a value of the wrong type
     */
    public static InitializerOptions of(String initializer, List<OptionSpec> declared, Map<String, String> given) {
        return of(initializer, declared, given, InitializerResolver.NONE);
    }

    /**
     * Binds named option values, with a resolver for {@link OptionType#INITIALIZER} options (the registry passes
     * itself, so that {@code pretrained(missing=he-normal)} or {@code lsuv(pre=orthogonal)} can create the
     * nested initializer).
     *
     * @param initializer the initializer's name, for error messages
     * @param declared    the declared options
     * @param given       option name to value text; the iteration order is kept as the order they were given
     * @param resolver    resolves nested initializer specs
     * @return the bound options
     * @throws IllegalArgumentException as {@link #of(String, List, Map)}
     */
    public static InitializerOptions of(String initializer, List<OptionSpec> declared, Map<String, String> given,
                                        InitializerResolver resolver) {
        java.util.Objects.requireNonNull(resolver, "resolver");
        Map<String, OptionSpec> specs = new LinkedHashMap<>();
        for (OptionSpec spec : declared) {
            specs.put(spec.name(), spec);
        }
        Map<String, String> checked = new LinkedHashMap<>();
        List<String> explicit = new ArrayList<>();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            String name = entry.getKey();
            if (!specs.containsKey(name)) {
                throw new IllegalArgumentException(unknownOption(initializer, name, specs.keySet()));
            }
            checked.put(name, check(initializer, specs.get(name), entry.getValue()));
            explicit.add(name);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionSpec spec : declared) {
            if (checked.containsKey(spec.name())) {
                values.put(spec.name(), checked.get(spec.name()));
            } else if (spec.required()) {
                throw new IllegalArgumentException(initializer + " needs option '" + spec.name() + "' ("
                        + spec.description() + ")");
            } else {
                values.put(spec.name(), spec.defaultValue().get());
            }
        }
        return new InitializerOptions(initializer, Collections.unmodifiableMap(specs),
                Collections.unmodifiableMap(values), List.copyOf(explicit), resolver);
    }

    /**
     * @param initializer the initializer's name
     * @param declared    the declared options, none required
     * @return the defaults
     */
    public static InitializerOptions defaults(String initializer, List<OptionSpec> declared) {
        return of(initializer, declared, Map.of());
    }

    /**
     * @param name a declared NUMBER option
     * @return its value
     */
    public double number(String name) {
        return Double.parseDouble(raw(name, OptionType.NUMBER));
    }

    /**
     * @param name a declared INTEGER option
     * @return its value
     */
    public long integer(String name) {
        return Long.parseLong(raw(name, OptionType.INTEGER));
    }

    /**
     * @param name a declared BOOLEAN option
     * @return its value
     */
    public boolean bool(String name) {
        return Boolean.parseBoolean(raw(name, OptionType.BOOLEAN));
    }

    /**
     * @param name a declared option of any type
     * @return its value as text (for CHOICE, TEXT and INITIALIZER options)
     */
    public String text(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException(initializer + " declares no option '" + name + "'");
        }
        return value;
    }

    /**
     * Creates the initializer named by a declared INITIALIZER option.
     *
     * @param name a declared INITIALIZER option
     * @return the nested initializer
     * @throws IllegalArgumentException when the nested spec is bad (the message names this option)
     */
    public Initializer initializer(String name) {
        String spec = raw(name, OptionType.INITIALIZER);
        try {
            return resolver.resolve(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option '" + name + "' of " + initializer + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param name an option name
     * @return {@code true} when the user gave the option explicitly
     */
    public boolean isExplicit(String name) {
        return explicit.contains(name);
    }

    /** @return every option with its value, in declaration order */
    public Map<String, String> values() {
        return values;
    }

    /**
     * The canonical spec text, the one form in which results files, reports and saved weights name an
     * initializer: the name followed by the options whose value differs from their default (whether given or
     * not), in declaration order, each as {@code name=value}, with numbers written by
     * {@link OptionSpec#formatNumber(double)} ({@code normal(std=0.01)}, never {@code normal(0, .010)} or
     * {@code normal(mean=0, std=0.01)}). Equal options give equal text, and the text parses back to equal
     * options. A value that would not parse back (a comma, unbalanced parentheses) is double-quoted.
     *
     * @return the spec text
     */
    public String canonicalSpec() {
        List<SpecArgument> args = new ArrayList<>();
        for (OptionSpec spec : specs.values()) {
            String value = values.get(spec.name());
            boolean isDefault = spec.defaultValue().map(d -> sameValue(spec.type(), d, value)).orElse(false);
            if (!isDefault) {
                args.add(new SpecArgument(Optional.of(spec.name()), canonicalValue(spec.type(), value)));
            }
        }
        return new SpecString(initializer, args).toString();
    }

    private static boolean sameValue(OptionType type, String a, String b) {
        return switch (type) {
            case NUMBER -> Double.parseDouble(a) == Double.parseDouble(b);
            case INTEGER -> Long.parseLong(a) == Long.parseLong(b);
            default -> a.equals(b);
        };
    }

    private static String canonicalValue(OptionType type, String value) {
        return switch (type) {
            case NUMBER -> OptionSpec.formatNumber(Double.parseDouble(value));
            case INTEGER -> Long.toString(Long.parseLong(value));
            default -> value;
        };
    }

    private String raw(String name, OptionType type) {
        OptionSpec spec = specs.get(name);
        if (spec == null || spec.type() != type) {
            throw new IllegalStateException(initializer + " declares no " + type + " option '" + name + "'");
        }
        return values.get(name);
    }

    private static String check(String initializer, OptionSpec spec, String value) {
        String where = "option '" + spec.name() + "' of " + initializer;
        switch (spec.type()) {
            case NUMBER -> {
                if (!DECIMAL.matcher(value).matches()) {
                    throw new IllegalArgumentException(where + " must be a number, got '" + value + "'");
                }
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException(where + " must be finite, got '" + value + "'");
                }
                return value;
            }
            case INTEGER -> {
                try {
                    if (!value.matches("[+-]?[0-9]+")) {
                        throw new NumberFormatException(value);
                    }
                    Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + " must be a whole number, got '" + value + "'", e);
                }
                return value;
            }
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException(where + " must be true or false, got '" + value + "'");
                }
                return value;
            }
            case CHOICE -> {
                if (!spec.choices().contains(value)) {
                    throw new IllegalArgumentException(where + " must be one of " + String.join(", ", spec.choices())
                            + ", got '" + value + "'");
                }
                return value;
            }
            case TEXT, INITIALIZER -> {
                return value;
            }
            default -> throw new AssertionError(spec.type());
        }
    }

    private static String unknownOption(String initializer, String name, java.util.Set<String> known) {
        if (known.isEmpty()) {
            return initializer + " takes no options, got '" + name + "'";
        }
        String message = "unknown option '" + name + "' for " + initializer + " (options: "
                + String.join(", ", known) + ")";
        return Suggestions.closest(name, known).map(s -> message + "; did you mean '" + s + "'?").orElse(message);
    }

    @Override
    public String toString() {
        return initializer + values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
