package org.initlab.initializers;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * ReZero (T. Bachlechner, B. P. Majumder, H. H. Mao, G. W. Cottrell and J. McAuley, "ReZero is All You Need:
 * Fast Convergence at Large Depth", 2020): {@code x_{i+1} = x_i + alpha_i F(x_i)} with every {@code alpha_i = 0}
 * at initialization and <em>no normalization</em> anywhere: the gate replaces it. The network starts as the
 * identity of its stem and every block's contribution grows from 0 as {@code alpha} learns.
 *
 * <p>Every gate is claimed and set to 0; every other parameter gets what a plain plan gives it: kernels from
 * {@code base} (default {@code he-normal}, as {@code skipinit}, so that the two differ from a plain
 * {@code he-normal} run only in their gates and ReZero's missing normalization), scalar biases 0.
 * {@link #checkNetwork} refuses a network without residual blocks, with a block without a gate ({@code alpha}
 * inside the brackets), or with any normalization layer ({@code bn}, {@code ln}, {@code rms}): that is
 * {@code skipinit}'s setting, not ReZero's.
 *
 * @param base the initializer of every kernel (and of any parameter that is not a gate or a constant)
 */
public record ReZeroInitializer(Initializer base) implements StructureAwareInitializer {

    /**
     * Validates the option.
     *
     * @param base the kernels' initializer
     */
    public ReZeroInitializer {
        Objects.requireNonNull(base, "base");
    }

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no residual blocks, a block has no gate, or the
     *                                  network has a normalization layer (the message names its path)
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        ResidualStructure.requireBlocks(ReZeroProvider.NAME, parameters, "mlp:784-256-[256-256-alpha]x16-10");
        Optional<ParameterSpec> norm = ResidualStructure.firstNormalization(parameters);
        if (norm.isPresent()) {
            throw new IllegalArgumentException(ReZeroProvider.NAME + " needs a network without normalization (the "
                    + "gate replaces it), but layer " + ResidualStructure.layerPath(norm.get()) + " is a "
                    + "normalization layer: remove bn, ln and rms from the model, or use skipinit");
        }
        ResidualStructure.requireGates(ReZeroProvider.NAME, parameters,
                "add alpha inside the brackets, as in [256-256-alpha]");
    }

    /** @return true for the gates */
    @Override
    public boolean claims(ParameterSpec parameter) {
        return ResidualStructure.gate(parameter);
    }

    /**
     * Sets a gate to 0, a scalar bias (or a normalization scale or shift, which {@link #checkNetwork} refuses
     * in a network) to its plan constant, and fills anything else with {@code base} (same generator).
     *
     * @param parameter a parameter
     * @param values    its elements
     * @param random    its generator, handed to {@code base}
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        ResidualStructure.fill(parameter, values, random, claims(parameter), 0, base);
    }

    /**
     * @param parameter a parameter
     * @return 0 for gates and constants, else {@code base}'s
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return ResidualStructure.expectedStd(parameter, claims(parameter), base);
    }

    /** @return the canonical spec, e.g. {@code rezero} or {@code rezero(base=xavier-uniform)} */
    @Override
    public String toString() {
        return SpecText.of(ReZeroProvider.NAME).text("base", base.toString(), SkipInitProvider.DEFAULT_BASE)
                .toString();
    }
}
