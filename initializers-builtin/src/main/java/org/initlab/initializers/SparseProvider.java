package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code sparse}, PyTorch's {@code sparse_}; the algorithm and paper are on
 * {@link SparseInitializer}. Option {@code sparsity} is required and may be given positionally
 * ({@code sparse(0.9)}), in {@code [0, 1]}; {@code std=0.01}, {@code >= 0}. 2-D tensors only.
 */
public final class SparseProvider extends BuiltinProvider {
    /** The canonical name, {@code sparse}. */
    public static final String NAME = "sparse";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public SparseProvider() {
        super(NAME, List.of(),
                "PyTorch's sparse_, adapted from Martens 2010 (15 non-zero N(0, 1) incoming weights per unit): "
                        + "N(0, std^2), then ceil(sparsity * rows) zeros at random rows of every column",
                List.of(
                        OptionSpec.requiredNumber("sparsity", "the fraction of each column set to zero, in [0, 1]"),
                        OptionSpec.number("std", 0.01, "the standard deviation of the non-zero values, >= 0")));
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
        return new SparseInitializer(options.number("sparsity"), options.number("std"));
    }
}
