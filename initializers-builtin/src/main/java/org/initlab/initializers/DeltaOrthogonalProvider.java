package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code delta-orthogonal}, JAX's {@code delta_orthogonal} (Xiao et al. 2018); the formula is on
 * {@link DeltaOrthogonalInitializer}. Option {@code gain=1}, {@code >= 0}. 3-, 4- and 5-D tensors with
 * {@code out >= in} only.
 */
public final class DeltaOrthogonalProvider extends BuiltinProvider {
    /** The canonical name, {@code delta-orthogonal}. */
    public static final String NAME = "delta-orthogonal";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public DeltaOrthogonalProvider() {
        super(NAME, List.of(),
                "Xiao et al. 2018: conv centre tap ((k-1)/2) = gain * orthogonal [out, in], other taps 0",
                List.of(OptionSpec.number("gain", 1, "scaling factor, >= 0")));
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
        return new DeltaOrthogonalInitializer(options.number("gain"));
    }
}
