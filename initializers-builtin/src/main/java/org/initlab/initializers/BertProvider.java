package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code bert(std=0.02)}, BERT's initialization (Devlin et al. 2019, the released TensorFlow code's
 * {@code truncated_normal_initializer(stddev=0.02)}); see {@link BertInitializer}. Structure-aware: it needs
 * residual blocks, e.g. {@code vit:1x28x28-p7-d64-h4-L6-10}.
 */
public final class BertProvider extends BuiltinProvider {
    /** The canonical name, {@code bert}. */
    public static final String NAME = "bert";
    /** BERT's {@code initializer_range}. */
    static final double DEFAULT_STD = 0.02;

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public BertProvider() {
        super(NAME, List.of(), "Devlin et al. 2019 (BERT): weights and embeddings N(0, std^2) truncated at 2 std "
                + "(TF truncated_normal, std of the values 0.88 std), biases 0, layer norms 1/0 (needs residual blocks)",
                List.of(OptionSpec.number("std", DEFAULT_STD, "standard deviation before truncation, > 0")));
    }

    /**
     * @param options options bound against {@link #options()}
     * @return the initializer
     * @throws IllegalArgumentException when {@code std} is not a positive number
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new BertInitializer(options.number("std"));
    }
}
