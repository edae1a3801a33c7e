package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;

/**
 * Provides {@code pytorch-default}, what {@code nn.Linear} and {@code nn.Conv} do by default (weights and
 * biases {@code U(+-1/sqrt(fan_in))}) and what {@code nn.MultiheadAttention} does to its projections; the rules are
 * on {@link PyTorchDefaultInitializer}. No options.
 */
public final class PyTorchDefaultProvider extends BuiltinProvider {
    /** The canonical name, {@code pytorch-default}. */
    public static final String NAME = "pytorch-default";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public PyTorchDefaultProvider() {
        super(NAME, List.of(),
                "PyTorch's layer defaults: weight and bias U(+-1/sqrt(fan_in)) (variance 1/(3 fan_in), He/6); "
                        + "attention: in_proj_weight xavier_uniform (fans D, 3D), in_proj_bias and out_proj.bias 0",
                List.of());
    }

    /**
     * Creates the initializer.
     *
     * @param options options bound against {@link #options()} (none)
     * @return the initializer
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new PyTorchDefaultInitializer();
    }
}
