package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code residual-scaled(base=he-normal, exponent=0.5, branches_per_block=1)}, GPT-2's scaling of the
 * layers that write into the residual stream; see {@link ResidualScaledInitializer}. Structure-aware: it needs
 * residual blocks, e.g. {@code mlp:784-256-[256-256]x16-10}.
 */
public final class ResidualScaledProvider extends BuiltinProvider {
    /** The canonical name, {@code residual-scaled}. */
    public static final String NAME = "residual-scaled";
    /** The largest {@code branches_per_block}. */
    public static final long MAX_BRANCHES_PER_BLOCK = 1000;

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public ResidualScaledProvider() {
        super(NAME, List.of(), "GPT-2 (Radford et al. 2019): base, then the last kernel of each residual branch "
                + "x (branches_per_block * L)^(-exponent), L blocks (1/sqrt(L) by default)",
                List.of(OptionSpec.initializer("base", SkipInitProvider.DEFAULT_BASE, "initializer of the kernels"),
                        OptionSpec.number("exponent", 0.5, "power of the branch count, >= 0"),
                        OptionSpec.integer("branches_per_block", 1, "branches each block counts for (GPT-2: 2 per "
                                + "transformer layer), 1.." + MAX_BRANCHES_PER_BLOCK)));
    }

    /**
     * @param options options bound against {@link #options()}
     * @return the initializer
     * @throws IllegalArgumentException when {@code base} is structure-aware or needs data, or a number is out of
     *                                  its domain
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new ResidualScaledInitializer(ResidualStructure.base(NAME, options), options.number("exponent"),
                options.integer("branches_per_block"));
    }
}
