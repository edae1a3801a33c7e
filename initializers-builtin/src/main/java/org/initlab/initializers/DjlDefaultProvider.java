package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code djl-default}, DJL's {@code XavierInitializer()} (uniform, average fan, magnitude 6) for
 * weights and zeros for biases; the rules, and why the magnitude is 6, are on {@link DjlDefaultInitializer}.
 * No options.
 */
public final class DjlDefaultProvider extends BuiltinProvider {
    /** The canonical name, {@code djl-default}. */
    public static final String NAME = "djl-default";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public DjlDefaultProvider() {
        super(NAME, List.of(),
                "DJL's XavierInitializer(): U(+-sqrt(12 / (fan_in + fan_out))) (magnitude 6, sqrt(2) x Glorot), bias 0",
                List.of());
    }

    /**
     * Creates the initializer.
     *
     * @param options options bound against {@link #options()} (none)
     * @return the initializer
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new DjlDefaultInitializer();
    }
}
