package org.initlab.initializers;

import java.util.List;
import org.initlab.spi.DataDependentInitializer;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.OptionSpec;

/**
 * Provides {@code lsuv(tol=0.1, max_iter=10, pre=orthogonal)}, layer-sequential unit-variance
 * initialization (Mishkin and Matas, "All you need is a good init", ICLR 2016): fill every weight with
 * {@code pre}, then, layer by layer in forward order, rescale {@code W <- W / sqrt(Var(z))} where {@code z} are
 * the layer's pre-activations on a probe batch, until {@code |Var(z) - 1| < tol} or {@code max_iter} rescalings.
 * Dense and convolution layers alike: for a convolution {@code z} is its whole output blob, the variance taken
 * over samples, channels and positions together, as the paper does for its conv layers (an orthonormal
 * {@code pre} orthogonalizes the filters, each flattened to {@code in/groups * k * k} values). The forward
 * passes are the host's: batch normalization uses the probe batch's statistics, dropout is the identity.
 * The paper uses an orthonormal {@code pre} and {@code tol = 0.02}; biases are left to the bias initializer.
 */
public final class LsuvProvider implements InitializerProvider {
    /** The canonical name, {@code lsuv}. */
    public static final String NAME = "lsuv";
    private static final int MAX_ITERATIONS = 1000;

    /** Creates the provider; cheap and side-effect free, as {@link java.util.ServiceLoader} needs. */
    public LsuvProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Mishkin & Matas 2016: pre-init, then per layer W <- W / sqrt(Var(z)) on a data batch until "
                + "|Var(z) - 1| < tol (needs data)";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.number("tol", 0.1, "stop when |Var(z) - 1| < tol, > 0"),
                OptionSpec.integer("max_iter", 10, "most rescalings per layer, 1.." + MAX_ITERATIONS),
                OptionSpec.initializer("pre", "orthogonal", "initializer that fills the weights first"));
    }

    /**
     * @param options bound options
     * @return the initializer
     * @throws IllegalArgumentException when {@code tol <= 0}, {@code max_iter} is out of range, or {@code pre}
     *                                  is unknown or itself needs data
     */
    @Override
    public Initializer create(InitializerOptions options) {
        double tol = options.number("tol");
        if (!(tol > 0)) {
            throw new IllegalArgumentException("option 'tol' of lsuv must be > 0, got " + options.text("tol"));
        }
        long maxIter = options.integer("max_iter");
        if (maxIter < 1 || maxIter > MAX_ITERATIONS) {
            throw new IllegalArgumentException("option 'max_iter' of lsuv must be between 1 and " + MAX_ITERATIONS
                    + ", got " + maxIter);
        }
        Initializer pre = options.initializer("pre");
        if (pre instanceof DataDependentInitializer) {
            throw new IllegalArgumentException("option 'pre' of lsuv must not need data itself, got '"
                    + options.text("pre") + "'");
        }
        return new LsuvInitializer(tol, (int) maxIter, pre);
    }
}
