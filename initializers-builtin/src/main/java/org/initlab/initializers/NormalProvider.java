package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code normal}, PyTorch's {@code normal_}; the formula and paper are on
 * {@link NormalInitializer}. Options {@code mean=0, std=1}; {@code std < 0} is rejected.
 */
public final class NormalProvider extends BuiltinProvider {
    /** The canonical name, {@code normal}. */
    public static final String NAME = "normal";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public NormalProvider() {
        super(NAME, List.of(),
                "N(mean, std^2), untruncated",
                List.of(
                        OptionSpec.number("mean", 0, "the mean"),
                        OptionSpec.number("std", 1, "the standard deviation, >= 0")));
    }

    /**
     * Creates the initializer for bound options.
     *
     * @param options options bound against {@link #options()}
     * @return the initializer
     * @throws IllegalArgumentException when an option value is out of its domain, naming the option
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new NormalInitializer(options.number("mean"), options.number("std"));
    }
}
