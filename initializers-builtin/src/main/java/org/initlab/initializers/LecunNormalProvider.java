package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code lecun-normal}, PyTorch's {@code kaiming_normal_(nonlinearity='linear')}; the formula and paper are on
 * {@link LecunNormalInitializer}. No options.
 */
public final class LecunNormalProvider extends BuiltinProvider {
    /** The canonical name, {@code lecun-normal}. */
    public static final String NAME = "lecun-normal";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public LecunNormalProvider() {
        super(NAME, List.of(),
                "LeCun et al. 1998: N(0, 1 / fan_in), untruncated (Keras truncates)",
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
        return new LecunNormalInitializer();
    }
}
