package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code constant}, PyTorch's {@code constant_}; the formula and paper are on
 * {@link ConstantInitializer}. Option {@code value} is required and may be given positionally: {@code constant(0.5)}.
 */
public final class ConstantProvider extends BuiltinProvider {
    /** The canonical name, {@code constant}. */
    public static final String NAME = "constant";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public ConstantProvider() {
        super(NAME, List.of(),
                "fills with one value: constant(value)",
                List.of(OptionSpec.requiredNumber("value", "the value of every element")));
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
        return new ConstantInitializer(options.number("value"));
    }
}
