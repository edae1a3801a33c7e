package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code gpt2(std=0.02)}, GPT-2's initialization (Radford et al. 2019, Hugging Face's
 * {@code GPT2PreTrainedModel._init_weights}); see {@link Gpt2Initializer}. Structure-aware: it needs residual
 * blocks, e.g. {@code vit:1x28x28-p7-d64-h4-L6-10}.
 */
public final class Gpt2Provider extends BuiltinProvider {
    /** The canonical name, {@code gpt2}. */
    public static final String NAME = "gpt2";
    /** GPT-2's {@code initializer_range}. */
    static final double DEFAULT_STD = 0.02;

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public Gpt2Provider() {
        super(NAME, List.of(), "Radford et al. 2019 (GPT-2): weights and embeddings N(0, std^2), residual output "
                + "projections (out_proj, linear2) N(0, (std / sqrt(2N))^2), biases 0 (needs residual blocks)",
                List.of(OptionSpec.number("std", DEFAULT_STD, "standard deviation of the weights, > 0")));
    }

    /**
     * @param options options bound against {@link #options()}
     * @return the initializer
     * @throws IllegalArgumentException when {@code std} is not a positive number
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new Gpt2Initializer(options.number("std"));
    }
}
