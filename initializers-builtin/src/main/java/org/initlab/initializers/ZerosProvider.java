package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code zeros} (alias {@code zero}), PyTorch's {@code zeros_}; the formula and paper are on
 * {@link ZerosInitializer}. The usual bias initializer.
 */
public final class ZerosProvider extends BuiltinProvider {
    /** The canonical name, {@code zeros}. */
    public static final String NAME = "zeros";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public ZerosProvider() {
        super(NAME, List.of("zero"),
                "fills with 0",
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
        return new ZerosInitializer();
    }
}
