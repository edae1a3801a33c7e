package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code trunc-normal} (alias {@code truncated-normal}), PyTorch's {@code trunc_normal_} with
 * absolute bounds; the formula is on {@link TruncatedNormalInitializer}. Options
 * {@code mean=0, std=1, a=-2, b=2} in PyTorch's order; {@code std <= 0} and {@code b <= a} are rejected.
 */
public final class TruncatedNormalProvider extends BuiltinProvider {
    /** The canonical name, {@code trunc-normal}. */
    public static final String NAME = "trunc-normal";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public TruncatedNormalProvider() {
        super(NAME, List.of("truncated-normal"),
                "N(mean, std^2) cut to [a, b] (absolute bounds, no rescaling), by inverse CDF",
                List.of(
                        OptionSpec.number("mean", 0, "the mean before truncation"),
                        OptionSpec.number("std", 1, "the standard deviation before truncation, > 0"),
                        OptionSpec.number("a", -2, "the lower bound, an absolute value (not in units of std)"),
                        OptionSpec.number("b", 2, "the upper bound, an absolute value, > a")));
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
        return new TruncatedNormalInitializer(options.number("mean"), options.number("std"), options.number("a"),
                options.number("b"));
    }
}
