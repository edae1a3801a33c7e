package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code uniform}, PyTorch's {@code uniform_}; the formula and paper are on
 * {@link UniformInitializer}. Options {@code a=0, b=1}; {@code b < a} is rejected.
 */
public final class UniformProvider extends BuiltinProvider {
    /** The canonical name, {@code uniform}. */
    public static final String NAME = "uniform";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public UniformProvider() {
        super(NAME, List.of(),
                "U[a, b), std (b - a) / sqrt(12)",
                List.of(
                        OptionSpec.number("a", 0, "inclusive lower bound"),
                        OptionSpec.number("b", 1, "exclusive upper bound, >= a")));
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
        return new UniformInitializer(options.number("a"), options.number("b"));
    }
}
