package org.initlab.initializers;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * Zero-gamma (P. Goyal et al., "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour", 2017, section
 * 5.1; torchvision's {@code resnet*(zero_init_residual=True)}): the scale {@code gamma} of the last
 * normalization layer in each residual branch starts at 0, so that every block starts as its shortcut
 * ({@code bn(F(x))} is then its shift, 0) while the other normalization scales start at 1.
 *
 * <p>The last normalization scale of each branch ({@link Placement#lastInBranch()} among the branch's
 * normalization layers) is claimed and set to 0; every other parameter gets what a plain plan gives it: kernels
 * from {@code base} (default {@code he-normal}, as the other structure-aware initializers;
 * {@code base=he-normal(mode=fan_out)} is torchvision's {@code kaiming_normal_(mode="fan_out",
 * nonlinearity="relu")}), other scales 1, shifts 0, gates 1, scalar biases 0. In pre-activation blocks the last
 * normalization comes before the last convolution, whose input is then {@code act(0)}: for ReLU, the branch
 * outputs its bias only. Normalization in a projection shortcut is not touched. {@link #checkNetwork} refuses a
 * network without residual blocks or with a branch without normalization.
 *
 * @param base the initializer of every kernel (and of any parameter that is not a normalization or a constant)
 */
public record ZeroGammaInitializer(Initializer base) implements StructureAwareInitializer {

    /**
     * Validates the option.
     *
     * @param base the kernels' initializer
     */
    public ZeroGammaInitializer {
        Objects.requireNonNull(base, "base");
    }

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no residual blocks or a branch has no normalization
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        ResidualStructure.requireBlocks(ZeroGammaProvider.NAME, parameters,
                "cnn:1x28x28-c16k3p1-bn-[c16k3p1-bn-c16k3p1-bn]x3-gap-10");
        ResidualStructure.requireInEachBlock(ZeroGammaProvider.NAME, parameters,
                p -> p.layerKind() == LayerKind.NORMALIZATION, "a normalization layer",
                "add bn after a layer inside the brackets, as in [c16k3p1-bn-c16k3p1-bn]");
    }

    /** @return true for the scale of the last normalization layer of each residual branch */
    @Override
    public boolean claims(ParameterSpec parameter) {
        return ResidualStructure.normalizationScale(parameter)
                && ResidualStructure.placement(parameter).lastInBranch();
    }

    /**
     * Sets the last normalization scale of a branch to 0, other normalization scales and shifts, gates and
     * scalar biases to their plan constants, and fills anything else with {@code base} (same generator).
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
     * @return 0 for the zeroed scales and constants, else {@code base}'s
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return ResidualStructure.expectedStd(parameter, claims(parameter), base);
    }

    /** @return the canonical spec, e.g. {@code zero-gamma} or {@code zero-gamma(base="he-normal(mode=fan_out)")} */
    @Override
    public String toString() {
        return SpecText.of(ZeroGammaProvider.NAME).text("base", base.toString(), SkipInitProvider.DEFAULT_BASE)
                .toString();
    }
}
