package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code scaled-normal}, the mean-field papers' {@code N(0, sigma_w^2 / fan_in)}; the formula and
 * papers are on {@link ScaledNormalInitializer}. Option {@code sigma_w=1}; {@code sigma_w < 0} is rejected.
 */
public final class ScaledNormalProvider extends BuiltinProvider {
    /** The canonical name, {@code scaled-normal}. */
    public static final String NAME = "scaled-normal";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public ScaledNormalProvider() {
        super(NAME, List.of(),
                "Poole et al. 2016, Schoenholz et al. 2017: N(0, sigma_w^2 / fan_in), the mean-field parametrization",
                List.of(OptionSpec.number("sigma_w", 1, "the weight scale sigma_w, >= 0 (1 is lecun-normal)")));
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
        return new ScaledNormalInitializer(options.number("sigma_w"));
    }
}
