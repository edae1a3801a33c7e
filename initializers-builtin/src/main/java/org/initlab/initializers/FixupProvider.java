package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code fixup(mode=fan_in)}, Zhang, Dauphin &amp; Ma 2019; the rules, and where they differ from the
 * authors' code, are on {@link FixupInitializer}. Structure-aware: it needs residual blocks with a multiplier,
 * e.g. {@code mlp:784-256-[256-256-fixup]x16-10}.
 */
public final class FixupProvider extends BuiltinProvider {
    /** The canonical name, {@code fixup}. */
    public static final String NAME = "fixup";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public FixupProvider() {
        super(NAME, List.of(), "Zhang et al. 2019: classifier and last layer of each residual branch 0, other "
                + "branch kernels He x L^(-1/(2m-2)), trunk He, multipliers 1, scalar biases 0 (needs [..-fixup])",
                List.of(OptionSpec.choice("mode", "fan_in", FanBased.MODES,
                        "fan of the He std; the authors' code uses fan_out")));
    }

    /**
     * @param options options bound against {@link #options()}
     * @return the initializer
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new FixupInitializer(options.text("mode"));
    }
}
