package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code t-fixup}, Huang et al. 2020 for an encoder-only transformer without layer norms; see
 * {@link TFixupInitializer}. Structure-aware: it needs attention blocks without layer norms, e.g.
 * {@code vit:1x28x28-p7-d64-h4-L6-nonorm-10}. No options.
 */
public final class TFixupProvider extends BuiltinProvider {
    /** The canonical name, {@code t-fixup}. */
    public static final String NAME = "t-fixup";
    /** A network it fits, for error messages. */
    static final String EXAMPLE = "vit:1x28x28-p7-d64-h4-L6-nonorm-10";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public TFixupProvider() {
        super(NAME, List.of(), "Huang et al. 2020 (T-Fixup, no layer norms): Xavier, v/out_proj/FFN x 0.67 N^(-1/4), "
                + "input embedding N(0, 1/fan_in) x (9N)^(-1/4), N layers, biases 0 (needs -nonorm attention blocks)",
                List.of());
    }

    /**
     * @param options options bound against {@link #options()} (none)
     * @return the initializer
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new TFixupInitializer();
    }
}
