package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code he-normal} (alias {@code kaiming-normal}), PyTorch's
 * {@code kaiming_normal_}; the formula and paper are on
 * {@link HeNormalInitializer}. Options {@code a=0, mode=fan_in, nonlinearity=leaky_relu}, as in PyTorch.
 */
public final class HeNormalProvider extends BuiltinProvider {
    /** The canonical name, {@code he-normal}. */
    public static final String NAME = "he-normal";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public HeNormalProvider() {
        super(NAME, List.of("kaiming-normal"),
                "He et al. 2015: N(0, std^2), std = gain / sqrt(fan), untruncated; gain from nonlinearity and a",
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
        return new HeNormalInitializer(options.number("a"), options.text("mode"), options.text("nonlinearity"));
    }
}
