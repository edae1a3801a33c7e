package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code variance-scaling}, Keras' {@code VarianceScaling} (JAX {@code variance_scaling}); the
 * formulas are on {@link VarianceScalingInitializer}. Options {@code scale=1, mode=fan_in,
 * distribution=truncated_normal} in Keras' order; {@code scale <= 0} is rejected.
 */
public final class VarianceScalingProvider extends BuiltinProvider {
    /** The canonical name, {@code variance-scaling}. */
    public static final String NAME = "variance-scaling";

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public VarianceScalingProvider() {
        super(NAME, List.of(),
                "Keras VarianceScaling: std sqrt(scale / max(1, fan)), truncated normal, normal or uniform",
                List.of(
                        OptionSpec.number("scale", 1, "the variance multiplier, > 0 (2 for ReLU networks)"),
                        OptionSpec.choice("mode", "fan_in", VarianceScalingInitializer.MODES,
                                "the fan that divides scale"),
                        OptionSpec.choice("distribution", "truncated_normal",
                                VarianceScalingInitializer.DISTRIBUTIONS,
                                "truncated_normal (cut at 2 std, rescaled), untruncated_normal or uniform")));
    }

    /**
     * Creates the initializer for bound options.
     *
     * @param options options bound against {@link #options()}
     * @return the initializer
     * @throws IllegalArgumentException when an option value is out of its domain, naming the option
     */
    @Override
    public Initializer create(InitializerOptions options) {
        return new VarianceScalingInitializer(options.number("scale"), options.text("mode"),
                options.text("distribution"));
    }
}
