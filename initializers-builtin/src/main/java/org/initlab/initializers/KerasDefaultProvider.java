package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code keras-default}, what Keras' {@code Dense} and {@code ConvND} do by default (glorot_uniform
 * kernels, zero biases); the rules are on {@link KerasDefaultInitializer}. No options.
 */
public final class KerasDefaultProvider extends BuiltinProvider {
    /** The canonical name, {@code keras-default}. */
    public static final String NAME = "keras-default";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public KerasDefaultProvider() {
        super(NAME, List.of(),
                "Keras' layer defaults: kernel glorot_uniform U(+-sqrt(6 / (fan_in + fan_out))), bias 0",
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
        return new KerasDefaultInitializer();
    }
}
