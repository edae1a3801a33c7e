package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code lecun-uniform}, PyTorch's
 * {@code kaiming_uniform_(nonlinearity='linear')}; the formula and paper are on
 * {@link LecunUniformInitializer}. No options.
 */
public final class LecunUniformProvider extends BuiltinProvider {
    /** The canonical name, {@code lecun-uniform}. */
    public static final String NAME = "lecun-uniform";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public LecunUniformProvider() {
        super(NAME, List.of(),
                "LeCun et al. 1998: U(+-bound), bound = sqrt(3 / fan_in)",
                List.of());
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
        return new LecunUniformInitializer();
    }
}
