package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code he-uniform} (alias {@code kaiming-uniform}), PyTorch's
 * {@code kaiming_uniform_}; the formula and paper are on
 * {@link HeUniformInitializer}. Options {@code a=0, mode=fan_in, nonlinearity=leaky_relu}, as in PyTorch.
 */
public final class HeUniformProvider extends BuiltinProvider {
    /** The canonical name, {@code he-uniform}. */
    public static final String NAME = "he-uniform";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public HeUniformProvider() {
        super(NAME, List.of("kaiming-uniform"),
                "He et al. 2015: U(+-bound), bound = gain * sqrt(3 / fan); gain from nonlinearity and a",
                FanBased.KAIMING_OPTIONS);
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
        return new HeUniformInitializer(options.number("a"), options.text("mode"), options.text("nonlinearity"));
    }
}
