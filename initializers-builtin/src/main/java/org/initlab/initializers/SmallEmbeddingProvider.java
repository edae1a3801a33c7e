package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code small-embedding(base=xavier-uniform, scale=1e-4)}: embeddings {@code U(+-scale)}, everything else
 * from {@code base}; see {@link SmallEmbeddingInitializer}. Structure-aware: it needs a network with embeddings,
 * e.g. {@code vit:1x28x28-p7-d64-h4-L6-10}.
 */
public final class SmallEmbeddingProvider extends BuiltinProvider {
    /** The canonical name, {@code small-embedding}. */
    public static final String NAME = "small-embedding";
    /** The default of option {@code base}. */
    static final String DEFAULT_BASE = "xavier-uniform";
    /** The default of option {@code scale}. */
    static final double DEFAULT_SCALE = 1e-4;

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public SmallEmbeddingProvider() {
        super(NAME, List.of(), "SmallInit(Emb) (BlinkDL, after Nguyen & Salazar 2019): class token, positional and "
                + "patch embedding U(+-scale), everything else from base (needs embeddings)",
                List.of(OptionSpec.initializer("base", DEFAULT_BASE, "initializer of everything but the embeddings"),
                        OptionSpec.number("scale", DEFAULT_SCALE, "half-width of the embeddings' uniform law, > 0")));
    }

    /**
     * @param options options bound against {@link #options()}
     * @return the initializer
     * @throws IllegalArgumentException when {@code base} is structure-aware or needs data, or {@code scale} is not
     *                                  a positive number
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new SmallEmbeddingInitializer(ResidualStructure.base(NAME, options), options.number("scale"));
    }
}
