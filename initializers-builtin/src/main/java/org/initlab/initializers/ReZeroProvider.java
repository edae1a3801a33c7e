package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code rezero(base=he-normal)}, Bachlechner et al. 2020; see {@link ReZeroInitializer}.
 * Structure-aware: it needs residual blocks with a gate and no normalization, e.g.
 * {@code mlp:784-256-[256-256-alpha]x16-10}.
 */
public final class ReZeroProvider extends BuiltinProvider {
    /** The canonical name, {@code rezero}. */
    public static final String NAME = "rezero";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public ReZeroProvider() {
        super(NAME, List.of(), "Bachlechner et al. 2020: every residual gate alpha = 0, kernels from base; no "
                + "normalization allowed (needs [..-alpha])",
                List.of(OptionSpec.initializer("base", SkipInitProvider.DEFAULT_BASE, "initializer of the kernels")));
    }

    /**
     * @param options options bound against {@link #options()}
     * @return the initializer
     * @throws IllegalArgumentException when {@code base} is structure-aware or needs data
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new ReZeroInitializer(ResidualStructure.base(NAME, options));
    }
}
