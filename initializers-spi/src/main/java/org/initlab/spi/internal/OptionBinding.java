package org.initlab.spi.internal;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Names a {@link SpecString}'s arguments: positional arguments fill the declared options in declaration order,
 * named ones go by name. The result goes to {@code InitializerOptions.of}, which checks names and types and
 * fills defaults; this package depends on nothing in {@code org.initlab.spi}, so the two never form a cycle.
 */
@API(status = INTERNAL, since = "0.1")
public final class OptionBinding {
    private OptionBinding() {
    }

    /**
     * Names spec arguments.
     *
     * @param initializer the initializer's name, for error messages
     * @param declared    the declared option names, in declaration order
     * @param arguments   the given arguments
     * @return option name to value text, in the order given
     * @throws IllegalArgumentException for a duplicate, too many positional arguments or a positional one after
     *                                  a named one
     */
    public static Map<String, String> named(String initializer, List<String> declared,
                                            List<SpecArgument> arguments) {
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
                name = declared.get(positional++);
            }
            if (given.containsKey(name)) {
                throw new IllegalArgumentException(initializer + ": option '" + name + "' given twice");
            }
            given.put(name, argument.value());
        }
        return Collections.unmodifiableMap(given);
    }
}
