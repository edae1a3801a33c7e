package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code dirac}, PyTorch's {@code dirac_}; the formula is on {@link DiracInitializer}. Option
 * {@code groups=1}, {@code >= 1}. 3-, 4- and 5-D tensors only.
 */
public final class DiracProvider extends BuiltinProvider {
    /** The canonical name, {@code dirac}. */
    public static final String NAME = "dirac";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public DiracProvider() {
        super(NAME, List.of(),
                "conv identity: W[g*opg + d, d, k/2, ...] = 1, else 0 (3-5 dims; out divisible by groups)",
                List.of(OptionSpec.integer("groups", 1, "the number of groups of the convolution, >= 1")));
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
        return new DiracInitializer(options.integer("groups"));
    }
}
