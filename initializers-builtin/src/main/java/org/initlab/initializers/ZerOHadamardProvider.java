package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code zero-init}, ZerO initialization (Zhao et al. 2022); the algorithm, and which normalization
 * of the Hadamard case it uses, are on {@link ZerOHadamardInitializer}. No options. 2- to 5-D tensors.
 */
public final class ZerOHadamardProvider extends BuiltinProvider {
    /** The canonical name, {@code zero-init}. */
    public static final String NAME = "zero-init";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public ZerOHadamardProvider() {
        super(NAME, List.of(),
                "ZerO (Zhao et al. 2022): identity, partial identity, or scaled Hadamard for out > in; no randomness",
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
        return new ZerOHadamardInitializer();
    }
}
