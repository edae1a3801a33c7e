package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code deepnorm}, Wang et al. 2022 (DeepNet) for an encoder-only post-LN transformer; see
 * {@link DeepNormInitializer}. Structure-aware: it needs post-LN attention blocks with DeepNorm's shortcut
 * multiplier, e.g. {@code vit:1x28x28-p7-d64-h4-L6-post-deepnorm-10}. No options.
 */
public final class DeepNormProvider extends BuiltinProvider {
    /** The canonical name, {@code deepnorm}. */
    public static final String NAME = "deepnorm";
    /** A network it fits, for error messages. */
    static final String EXAMPLE = "vit:1x28x28-p7-d64-h4-L6-post-deepnorm-10";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public DeepNormProvider() {
        super(NAME, List.of(), "Wang et al. 2022 (DeepNet): xavier_normal gain beta = (8N)^(-1/4) for v, out_proj "
                + "and FFN weights, gain 1 for q, k and the rest, N layers, biases 0 (needs -post-deepnorm: "
                + "shortcut x (2N)^(1/4))", List.of());
    }

    /**
     * @param options options bound against {@link #options()} (none)
     * @return the initializer
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new DeepNormInitializer();
    }
}
