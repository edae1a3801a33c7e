package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.OptionSpec;

/**
 * The descriptive half of every built-in provider (name, aliases, summary, options); each subclass adds
 * {@link InitializerProvider#create}. Construction is cheap and the instance immutable, as the SPI asks.
 */
abstract class BuiltinProvider implements InitializerProvider {
    private final String name;
    private final List<String> aliases;
    private final String summary;
    private final List<OptionSpec> options;

    BuiltinProvider(String name, List<String> aliases, String summary, List<OptionSpec> options) {
        this.name = name;
        this.aliases = List.copyOf(aliases);
        this.summary = summary;
        this.options = List.copyOf(options);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<String> aliases() {
        return aliases;
    }

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final List<OptionSpec> options() {
        return options;
    }

    @Override
    public String toString() {
        return name + " (" + getClass().getName() + ")";
    }
}
