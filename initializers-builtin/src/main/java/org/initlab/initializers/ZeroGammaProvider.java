package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code zero-gamma(base=he-normal)}, Goyal et al. 2017 and torchvision's {@code zero_init_residual};
 * see {@link ZeroGammaInitializer}. Structure-aware: it needs residual blocks with normalization in each branch,
 * e.g. {@code cnn:1x28x28-c16k3p1-bn-[c16k3p1-bn-c16k3p1-bn]x3-gap-10}.
 */
public final class ZeroGammaProvider extends BuiltinProvider {
    /** The canonical name, {@code zero-gamma}. */
    public static final String NAME = "zero-gamma";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public ZeroGammaProvider() {
        super(NAME, List.of(), "Goyal et al. 2017, torchvision zero_init_residual: the last normalization scale "
                + "of each residual branch 0, kernels from base (needs bn in the branches)",
                List.of(OptionSpec.initializer("base", SkipInitProvider.DEFAULT_BASE, "initializer of the kernels")));
    }

    /**
     * @param options options bound against {@link #options()}
     * @return the initializer
     * @throws IllegalArgumentException when {@code base} is structure-aware or needs data
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new ZeroGammaInitializer(ResidualStructure.base(NAME, options));
    }
}
