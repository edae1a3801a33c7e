package org.initlab.initializers;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * SkipInit (S. De and S. L. Smith, "Batch Normalization Biases Residual Blocks Towards the Identity Function in
 * Deep Networks", NeurIPS 2020): a learnable scalar multiplier at the end of every residual branch,
 * {@code x + alpha F(x)}, starts at {@code alpha = 0}, so that every block is the identity at initialization and
 * a deep residual network trains without batch normalization. The paper also allows a small constant
 * ({@code alpha <= 1/sqrt(d)} for {@code d} blocks), the {@code alpha} option.
 *
 * <p>Every gate ({@link org.initlab.spi.Placement.Region#GATE}) is claimed and set to {@code alpha}; every other
 * parameter gets what a plain plan gives it: kernels from {@code base} (the paper's networks use He
 * initialization, hence the default {@code he-normal}, which also makes {@code skipinit} differ from a plain
 * {@code he-normal} run only in its gates: every kernel is the same tensor, drawn from the same stream),
 * normalization scale 1 and shift 0, scalar biases 0. {@link #checkNetwork} refuses a network without residual
 * blocks or with a block without a gate (model spec item {@code alpha} inside the brackets).
 *
 * @param base  the initializer of every kernel (and of any parameter that is not a gate or a constant)
 * @param alpha the value every gate starts at, 0 in the paper
 */
public record SkipInitInitializer(Initializer base, double alpha) implements StructureAwareInitializer {

    /**
     * Validates the options.
     *
     * @param base  the kernels' initializer
     * @param alpha the gates' start, finite
     * @throws IllegalArgumentException when {@code alpha} is not finite
     */
    public SkipInitInitializer {
        Objects.requireNonNull(base, "base");
        alpha += 0.0;
        SpecText.requireFinite(SkipInitProvider.NAME, "alpha", alpha);
    }

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no residual blocks, or a block has no gate
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        ResidualStructure.requireBlocks(SkipInitProvider.NAME, parameters, "mlp:784-256-[256-256-alpha]x16-10");
        ResidualStructure.requireGates(SkipInitProvider.NAME, parameters,
                "add alpha inside the brackets, as in [256-256-alpha]");
    }

    /** @return true for the gates */
    @Override
    public boolean claims(ParameterSpec parameter) {
        return ResidualStructure.gate(parameter);
    }

    /**
     * Sets a gate to {@code alpha}, a normalization scale or shift or a scalar bias to its plan constant, and
     * fills anything else with {@code base} (same generator).
     *
     * @param parameter a parameter
     * @param values    its elements
     * @param random    its generator, handed to {@code base}
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        ResidualStructure.fill(parameter, values, random, claims(parameter), alpha, base);
    }

    /**
     * @param parameter a parameter
     * @return 0 for gates and constants, else {@code base}'s
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return ResidualStructure.expectedStd(parameter, claims(parameter), base);
    }

    /** @return the canonical spec, e.g. {@code skipinit} or {@code skipinit(base=xavier-normal, alpha=0.1)} */
    @Override
    public String toString() {
        return SpecText.of(SkipInitProvider.NAME).text("base", base.toString(), SkipInitProvider.DEFAULT_BASE)
                .number("alpha", alpha, 0).toString();
    }
}
