package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code xavier-uniform} (alias {@code glorot-uniform}), PyTorch's
 * {@code xavier_uniform_}; the formula and paper are on
 * {@link XavierUniformInitializer}. Option {@code gain=1}, {@code >= 0}.
 */
public final class XavierUniformProvider extends BuiltinProvider {
    /** The canonical name, {@code xavier-uniform}. */
    public static final String NAME = "xavier-uniform";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public XavierUniformProvider() {
        super(NAME, List.of("glorot-uniform"),
                "Glorot & Bengio 2010: U(+-bound), bound = gain * sqrt(6 / (fan_in + fan_out))",
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
        return new XavierUniformInitializer(options.number("gain"));
    }
}
