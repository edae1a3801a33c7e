package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * The Dirac delta for convolutions, as PyTorch's {@code torch.nn.init.dirac_(tensor, groups=1)}: for a
 * weight {@code [out, in, k1, ...]} (3, 4 or 5 dimensions) whose {@code out} channels form {@code groups}
 * groups of {@code opg = out / groups},
 * <pre>W[g * opg + d, d, k1 / 2, k2 / 2, ...] = 1   for g &lt; groups, d &lt; min(opg, in)</pre>
 * and 0 elsewhere (integer division: the centre tap, or the one right of centre for an even kernel, as in
 * PyTorch). A convolution so initialized copies the first {@code min(opg, in)} input channels of each group
 * to its outputs unchanged (with padding {@code k / 2}), which keeps the identity of the inputs in deep
 * convolutional networks (used by Zagoruyko and Komodakis 2017, "DiracNets: Training Very Deep Neural
 * Networks Without Skip-Connections"). Draws no randomness.
 *
 * <p>Keras, DJL and JAX have no equivalent; DL4J's {@code IDENTITY} on convolution weights is the
 * {@code groups = 1} case for odd kernels.
 *
 * @param groups the number of groups of the convolution, {@code >= 1}; {@code out} must be divisible by it
 */
public record DiracInitializer(long groups) implements Initializer {

    /**
     * Validates the number of groups.
     *
     * @param groups the number of groups
     * @throws IllegalArgumentException if {@code groups < 1}
     */
    public DiracInitializer {
        if (groups < 1) {
            throw new IllegalArgumentException("option 'groups' of " + DiracProvider.NAME + " must be >= 1, got "
                    + groups);
        }
    }

    /** Creates the default, {@code groups = 1}. */
    public DiracInitializer() {
        this(1);
    }

    /**
     * Writes the delta.
     *
     * @param parameter a tensor with 3, 4 or 5 dimensions whose first is divisible by {@code groups}
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    not used
     * @throws IllegalArgumentException if the tensor does not have 3 to 5 dimensions or its out channels are not
     *                                  divisible by {@code groups}
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        int perGroup = outPerGroup(parameter);
        Arrays.fill(values, 0f);
        if (values.length == 0) {
            return;
        }
        int in = parameter.shape().dim(1);
        int rf = (int) parameter.shape().receptiveField();
        int centre = Shapes.centreOffset(parameter.shape(), k -> k / 2);
        for (int g = 0; g < groups; g++) {
            for (int d = 0; d < Math.min(perGroup, in); d++) {
                values[((g * perGroup + d) * in + d) * rf + centre] = 1f;
            }
        }
    }

    /**
     * @param parameter a tensor with 3, 4 or 5 dimensions whose first is divisible by {@code groups}
     * @return the standard deviation of the written values, {@code sqrt(p (1 - p))} with
     *         {@code p = groups * min(out / groups, in) / numel}; empty for no elements
     * @throws IllegalArgumentException as {@link #initialize}
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        int perGroup = outPerGroup(parameter);
        long n = parameter.shape().elementCount();
        long ones = n == 0 ? 0 : groups * Math.min(perGroup, parameter.shape().dim(1));
        return Shapes.populationStd(ones, ones, n);
    }

    private int outPerGroup(ParameterSpec parameter) {
        Shapes.requireRank(DiracProvider.NAME, parameter, 3, 5);
        int out = parameter.shape().dim(0);
        if (out % groups != 0) {
            throw Shapes.shapeError(DiracProvider.NAME, "out channels (dimension 0) divisible by groups=" + groups,
                    parameter);
        }
        return (int) (out / groups);
    }

    /** @return the canonical spec, e.g. {@code dirac(groups=2)} */
    @Override
    public String toString() {
        return SpecText.of(DiracProvider.NAME).integer("groups", groups, 1).toString();
    }
}
