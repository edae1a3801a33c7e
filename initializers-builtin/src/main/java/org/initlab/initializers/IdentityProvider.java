package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code identity} (alias {@code eye}), PyTorch's {@code eye_} with Keras' gain; the formula is on
 * {@link IdentityInitializer}. Option {@code gain=1}, {@code >= 0}. 2-D tensors only.
 */
public final class IdentityProvider extends BuiltinProvider {
    /** The canonical name, {@code identity}. */
    public static final String NAME = "identity";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public IdentityProvider() {
        super(NAME, List.of("eye"),
                "gain on the main diagonal of a 2-D weight, 0 elsewhere (rectangular allowed)",
                List.of(OptionSpec.number("gain", 1, "the value on the diagonal, >= 0")));
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
        return new IdentityInitializer(options.number("gain"));
    }
}
