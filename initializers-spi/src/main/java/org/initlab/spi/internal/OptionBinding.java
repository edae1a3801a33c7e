package org.initlab.spi.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerResolver;
import org.initlab.spi.OptionSpec;

/**
 * Binds a {@link SpecString}'s arguments to declared options: positional arguments fill the options in
 * declaration order, named ones go by name, missing ones take their defaults; the typed checks are
 * {@link InitializerOptions#of(String, List, Map, InitializerResolver)}'s.
 */
public final class OptionBinding {
    private OptionBinding() {
    }

    /**
     * Binds spec arguments to declared options, with no resolver for nested initializers.
     *
     * @param initializer the initializer's name, for error messages
     * @param declared    the declared options
     * @param arguments   the given arguments
     * @return the bound options
     * @throws IllegalArgumentException as {@link #bind(String, List, List, InitializerResolver)}
     */
    public static InitializerOptions bind(String initializer, List<OptionSpec> declared,
                                          List<SpecArgument> arguments) {
        return bind(initializer, declared, arguments, InitializerResolver.NONE);
    }

    /**
     * Binds spec arguments to declared options.
     *
     * @param initializer the initializer's name, for error messages
     * @param declared    the declared options
     * @param arguments   the given arguments
     * @param resolver    resolves nested initializer specs
     * @return the bound options
     * @throws IllegalArgumentException for an unknown option (with the closest known name), a duplicate, a
     *                                  missing required option, too many positional arguments or a value of
     *                                  the wrong type
     */
    public static InitializerOptions bind(String initializer, List<OptionSpec> declared,
                                          List<SpecArgument> arguments, InitializerResolver resolver) {
        Objects.requireNonNull(resolver, "resolver");
        Map<String, String> given = new LinkedHashMap<>();
        int positional = 0;
        boolean sawNamed = false;
        for (SpecArgument argument : arguments) {
            String name;
            if (argument.name().isPresent()) {
                sawNamed = true;
                name = argument.name().get();
            } else {
                if (sawNamed) {
                    throw new IllegalArgumentException(initializer + ": positional value '" + argument.value()
                            + "' after a named one");
                }
                if (declared.isEmpty()) {
                    throw new IllegalArgumentException(initializer + " takes no options, got '" + argument.value()
                            + "'");
                }
                if (positional >= declared.size()) {
                    throw new IllegalArgumentException(initializer + " takes at most " + declared.size()
                            + " option" + (declared.size() == 1 ? "" : "s") + ", got an extra value '"
                            + argument.value() + "'");
                }
                name = declared.get(positional++).name();
            }
            if (given.containsKey(name)) {
                throw new IllegalArgumentException(initializer + ": option '" + name + "' given twice");
            }
            given.put(name, argument.value());
        }
        return InitializerOptions.of(initializer, declared, given, resolver);
    }
}
