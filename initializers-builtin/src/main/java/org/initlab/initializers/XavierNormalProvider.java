package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code xavier-normal} (alias {@code glorot-normal}), PyTorch's
 * {@code xavier_normal_}; the formula and paper are on
 * {@link XavierNormalInitializer}. Option {@code gain=1}, {@code >= 0}.
 */
public final class XavierNormalProvider extends BuiltinProvider {
    /** The canonical name, {@code xavier-normal}. */
    public static final String NAME = "xavier-normal";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public XavierNormalProvider() {
        super(NAME, List.of("glorot-normal"),
                "Glorot & Bengio 2010: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)), untruncated",
                FanBased.XAVIER_OPTIONS);
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
        return new XavierNormalInitializer(options.number("gain"));
    }
}
