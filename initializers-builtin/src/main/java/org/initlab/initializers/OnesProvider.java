package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code ones}, PyTorch's {@code ones_}; the formula and paper are on
 * {@link OnesInitializer}. The usual start for a normalization scale.
 */
public final class OnesProvider extends BuiltinProvider {
    /** The canonical name, {@code ones}. */
    public static final String NAME = "ones";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public OnesProvider() {
        super(NAME, List.of(),
                "fills with 1",
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
        return new OnesInitializer();
    }
}
