package org.initlab.initializers;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * Residual scaling, as GPT-2 does it (A. Radford et al., "Language Models are Unsupervised Multitask
 * Learners", 2019, section 2.3: "we scale the weights of residual layers at initialization by a factor of
 * 1/sqrt(N) where N is the number of residual layers"): every kernel from {@code base}, then the kernel of the
 * last weighted layer of each residual branch (the layer that writes into the residual stream,
 * {@link org.initlab.spi.Placement#lastInBranch()}) multiplied by
 * <pre>factor = (branches_per_block * L)^(-exponent)</pre>
 * where {@code L} is the number of residual blocks ({@link org.initlab.spi.Placement#blocks()}). With the
 * defaults ({@code exponent = 0.5}, {@code branches_per_block = 1}) that is {@code 1/sqrt(L)}, so the residual
 * stream's variance after {@code L} blocks of independent branches is about twice the input's rather than
 * {@code L + 1} times. GPT-2's {@code 1/sqrt(2 n_layer)} counts a transformer layer's two branches (attention
 * and MLP): in initlab each block is one branch, so a network with one block per branch has {@code L = 2
 * n_layer} already; {@code branches_per_block = 2} gives GPT-2's count when each block stands for a whole
 * layer. {@code exponent = 1/(2m-2)} is Fixup's rescaling exponent for branches of {@code m} layers (applied
 * here to the last layer only, which Fixup zeroes instead).
 *
 * <p>Nothing else changes: normalization scales 1 and shifts 0, gates 1, scalar biases 0, other kernels as
 * {@code base} gives them (same stream: a kernel is {@code factor} times the tensor {@code base} gives it).
 * {@link #checkNetwork} refuses a network without residual blocks.
 *
 * @param base             the initializer of every kernel
 * @param exponent         the power of the branch count, {@code >= 0}
 * @param branchesPerBlock residual branches each block counts for, {@code >= 1}
 */
public record ResidualScaledInitializer(Initializer base, double exponent, long branchesPerBlock)
        implements StructureAwareInitializer {

    /**
     * Validates the options.
     *
     * @param base             the kernels' initializer
     * @param exponent         the power, finite and {@code >= 0}
     * @param branchesPerBlock between 1 and {@link ResidualScaledProvider#MAX_BRANCHES_PER_BLOCK}
     * @throws IllegalArgumentException for an option out of its domain, naming it
     */
    public ResidualScaledInitializer {
        Objects.requireNonNull(base, "base");
        exponent += 0.0;
        SpecText.requireNonNegative(ResidualScaledProvider.NAME, "exponent", exponent);
        if (branchesPerBlock < 1 || branchesPerBlock > ResidualScaledProvider.MAX_BRANCHES_PER_BLOCK) {
            throw new IllegalArgumentException("option 'branches_per_block' of " + ResidualScaledProvider.NAME
                    + " must be between 1 and " + ResidualScaledProvider.MAX_BRANCHES_PER_BLOCK + ", got "
                    + branchesPerBlock);
        }
    }

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no residual blocks
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        ResidualStructure.requireBlocks(ResidualScaledProvider.NAME, parameters, "mlp:784-256-[256-256]x16-10");
    }

    /**
     * Fills a parameter with {@code base} and multiplies it by {@link #factor} when it is the last kernel of a
     * residual branch; normalization layers, gates and scalar biases get their plan constants.
     *
     * @param parameter a parameter
     * @param values    its elements
     * @param random    its generator, handed to {@code base}
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        OptionalDouble constant = ResidualStructure.constantStart(parameter);
        if (constant.isPresent()) {
            Arrays.fill(values, (float) constant.getAsDouble());
            return;
        }
        base.initialize(parameter, values, random);
        if (ResidualStructure.branchOutputKernel(parameter)) {
            double factor = factor(ResidualStructure.placement(parameter).blocks());
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (values[i] * factor);
            }
        }
    }

    /**
     * @param parameter a parameter
     * @return {@code base}'s, times {@link #factor} for the last kernel of a branch; 0 for constants
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        if (ResidualStructure.constantStart(parameter).isPresent()) {
            return OptionalDouble.of(0);
        }
        OptionalDouble std = base.expectedStd(parameter);
        if (std.isEmpty() || !ResidualStructure.branchOutputKernel(parameter)) {
            return std;
        }
        return OptionalDouble.of(std.getAsDouble() * factor(ResidualStructure.placement(parameter).blocks()));
    }

    /**
     * @param blocks the number of residual blocks {@code L}, at least 1
     * @return {@code (branches_per_block * L)^(-exponent)}
     */
    public double factor(int blocks) {
        return Math.pow((double) branchesPerBlock * blocks, -exponent);
    }

    /** @return the canonical spec, e.g. {@code residual-scaled} or {@code residual-scaled(base="normal(std=0.02)", branches_per_block=2)} */
    @Override
    public String toString() {
        return SpecText.of(ResidualScaledProvider.NAME).text("base", base.toString(), SkipInitProvider.DEFAULT_BASE)
                .number("exponent", exponent, 0.5).integer("branches_per_block", branchesPerBlock, 1).toString();
    }
}
