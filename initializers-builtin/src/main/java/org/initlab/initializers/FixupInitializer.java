package org.initlab.initializers;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * Fixup (H. Zhang, Y. N. Dauphin and T. Ma, "Fixup Initialization: Residual Learning Without Normalization",
 * ICLR 2019), the paper's three rules on initlab's parameters:
 * <ol>
 *   <li>the classifier (the last dense layer, {@link Placement#classifier()}) and the last weighted layer of
 *       every residual branch ({@link Placement#lastInBranch()}) start at 0;</li>
 *   <li>every other dense or convolution kernel is He-normal, {@code N(0, std^2)} with
 *       {@code std = gain / sqrt(fan)} ({@code gain} = {@link org.initlab.spi.Nonlinearity#recommendedGain()} of
 *       the nonlinearity after the layer, {@code sqrt(2)} for ReLU as in PyTorch's {@code kaiming_normal_}), and
 *       the kernels inside a residual branch are rescaled by {@code L^(-1/(2m-2))}, where {@code L} is the
 *       number of residual branches ({@link Placement#blocks()}) and {@code m} the number of weighted layers in
 *       the branch ({@link Placement#count()}); trunk layers (the stem) and projection shortcuts keep plain He;</li>
 *   <li>the scalar multiplier of each branch (the gate {@code alpha}) starts at 1 and the scalar biases at 0.</li>
 * </ol>
 * With {@code m = 1} the branch's only weighted layer is its last, which rule 1 zeroes, so the exponent
 * {@code -1/(2m-2)} (undefined there) is never needed. Layer biases (the classifier's included) start at 0,
 * as in the official code; a plan fills them with its bias initializer, so use {@code --bias zeros} (compare's
 * default). Normalization layers, which Fixup removes but initlab allows, keep scale 1 and shift 0.
 *
 * <p>Against the authors' code (github.com/hongyi-zhang/Fixup, {@code fixup_resnet_cifar.py} and
 * {@code fixup_resnet_imagenet.py}): it draws branch kernels from {@code N(0, 2 / (out * k * k)) * L^(-1/(2m-2))},
 * i.e. He with {@code fan_out} and the ReLU gain, which {@code mode=fan_out} reproduces (for the usual square
 * layers {@code fan_in = fan_out}); it zeroes the fully connected layer's weight and bias; it leaves the stem
 * convolution at PyTorch's default, where initlab uses He (the paper: "a standard method"); and its projection
 * shortcuts are He with {@code fan_out}, not rescaled, as here.
 *
 * <p>{@link #checkNetwork} refuses a network without residual blocks and one whose blocks lack the multiplier
 * (model spec item {@code fixup} or {@code alpha} inside the brackets). A parameter without a
 * {@link Placement} counts as a trunk parameter: He-normal.
 *
 * @param mode {@code fan_in} (default) or {@code fan_out}, the fan of the He standard deviation
 */
public record FixupInitializer(String mode) implements StructureAwareInitializer {

    /**
     * Validates the mode.
     *
     * @param mode fan_in or fan_out
     * @throws IllegalArgumentException for another mode
     */
    public FixupInitializer {
        SpecText.requireChoice(FixupProvider.NAME, "mode", mode, FanBased.MODES);
    }

    /** Creates Fixup with {@code fan_in}. */
    public FixupInitializer() {
        this("fan_in");
    }

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no residual blocks, or a block has no multiplier
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        ResidualStructure.requireBlocks(FixupProvider.NAME, parameters, "mlp:784-256-[256-256-fixup]x16-10");
        ResidualStructure.requireGates(FixupProvider.NAME, parameters,
                "add fixup (scalar biases and the multiplier) or alpha inside the brackets, as in [256-256-fixup]");
    }

    /** @return true for the gates (started at 1) and the scalar biases (at 0) */
    @Override
    public boolean claims(ParameterSpec parameter) {
        Placement.Region region = ResidualStructure.placement(parameter).region();
        return region == Placement.Region.GATE || region == Placement.Region.SCALAR_BIAS;
    }

    /**
     * Fills one parameter by the rules above.
     *
     * @param parameter a parameter of a network {@link #checkNetwork} accepted
     * @param values    its elements
     * @param random    its generator; one {@code nextGaussian()} per element of a He-initialized kernel, none
     *                  otherwise
     * @throws IllegalArgumentException for a kernel with fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        OptionalDouble std = std(parameter);
        if (std.isEmpty()) {
            Arrays.fill(values, (float) ResidualStructure.constantStart(parameter).orElse(0));
        } else if (std.getAsDouble() == 0) {
            Arrays.fill(values, 0f);
        } else {
            Fills.normal(values, 0, std.getAsDouble(), random);
        }
    }

    /**
     * @param parameter a parameter
     * @return the He standard deviation (rescaled inside branches), 0 for the zeroed kernels, biases and
     *         constants; empty when a fan is 0
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        OptionalDouble std = std(parameter);
        return std.isEmpty() ? OptionalDouble.of(0) : FanBased.finite(std.getAsDouble());
    }

    /** The std of a kernel (0 when zeroed); empty for constants and biases. */
    private OptionalDouble std(ParameterSpec parameter) {
        if (ResidualStructure.fixedStart(parameter)) {
            return OptionalDouble.empty();
        }
        double fan = FanBased.fans(FixupProvider.NAME, parameter).select(mode);
        Placement where = ResidualStructure.placement(parameter);
        if (where.classifier() || where.lastInBranch()) {
            return OptionalDouble.of(0);
        }
        double std = FanBased.kaimingStd(parameter.nonlinearity().recommendedGain(), fan);
        if (where.region() == Placement.Region.BRANCH) {
            std *= branchScale(where.blocks(), where.count());
        }
        return OptionalDouble.of(std);
    }

    /**
     * Fixup's rescaling of a branch's kernels.
     *
     * @param branches the number of residual branches {@code L}, at least 1
     * @param layers   the number of weighted layers {@code m} in the branch, at least 2
     * @return {@code L^(-1/(2m-2))}
     */
    public static double branchScale(int branches, int layers) {
        if (branches < 1 || layers < 2) {
            throw new IllegalArgumentException("Fixup's rescaling needs L >= 1 branches and m >= 2 layers, got L = "
                    + branches + ", m = " + layers);
        }
        return Math.pow(branches, -1.0 / (2 * layers - 2));
    }

    /** @return the canonical spec, {@code fixup} or {@code fixup(mode=fan_out)} */
    @Override
    public String toString() {
        return SpecText.of(FixupProvider.NAME).choice("mode", mode, "fan_in").toString();
    }
}
