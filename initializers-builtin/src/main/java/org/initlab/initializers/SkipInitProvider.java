package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code skipinit(base=he-normal, alpha=0)}, De &amp; Smith 2020; see {@link SkipInitInitializer}.
 * Structure-aware: it needs residual blocks with a gate, e.g. {@code mlp:784-256-[256-256-alpha]x16-10}.
 */
public final class SkipInitProvider extends BuiltinProvider {
    /** The canonical name, {@code skipinit}. */
    public static final String NAME = "skipinit";
    /** The default of option {@code base}. */
    static final String DEFAULT_BASE = "he-normal";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public SkipInitProvider() {
        super(NAME, List.of(), "De & Smith 2020: every residual gate alpha = 0 (x + alpha F(x)), kernels from "
                + "base (needs [..-alpha])",
                List.of(OptionSpec.initializer("base", DEFAULT_BASE, "initializer of the kernels"),
                        OptionSpec.number("alpha", 0, "value every gate starts at (the paper: 0, or <= 1/sqrt(blocks))")));
    }

    /**
     * @param options options bound against {@link #options()}
     * @return the initializer
     * @throws IllegalArgumentException when {@code base} is structure-aware or needs data, or {@code alpha} is
     *                                  not finite
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new SkipInitInitializer(ResidualStructure.base(NAME, options), options.number("alpha"));
    }
}
