package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code orthogonal}, PyTorch's {@code orthogonal_}; the algorithm and paper are on
 * {@link OrthogonalInitializer}. Option {@code gain=1}, {@code >= 0}.
 */
public final class OrthogonalProvider extends BuiltinProvider {
    /** The canonical name, {@code orthogonal}. */
    public static final String NAME = "orthogonal";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public OrthogonalProvider() {
        super(NAME, List.of(),
                "Saxe et al. 2014: gain * Q from the QR of a Gaussian [dim 0, rest] matrix; W W^T = gain^2 I "
                        + "when rows <= columns, else W^T W = gain^2 I",
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
        return new OrthogonalInitializer(options.number("gain"));
    }
}
