package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * The (partial) identity matrix times {@code gain}, as PyTorch's {@code torch.nn.init.eye_(tensor)} (which
 * has no gain) and Keras' {@code Identity(gain=1)}: for a 2-D weight {@code [out, in]},
 * <pre>W[i][j] = gain if i == j, else 0</pre>
 * rectangular shapes allowed, so {@code min(out, in)} ones lie on the main diagonal: a wide layer passes its
 * first {@code out} inputs through, a tall one copies all inputs to its first {@code in} outputs. Preserves
 * the identity of the inputs in linear layers (Le, Jaitly and Hinton 2015, "A simple way to initialize
 * recurrent networks of rectified linear units", use it for recurrent weights). Draws no randomness.
 *
 * <p>Only 2-D tensors, as in PyTorch and Keras; for convolutions see {@code dirac}. DL4J's {@code IDENTITY}
 * needs a square matrix; DJL and JAX have none.
 *
 * @param gain the value on the diagonal, {@code >= 0}
 */
public record IdentityInitializer(double gain) implements Initializer {

    /**
     * Validates the gain.
     *
     * @param gain the value on the diagonal
     * @throws IllegalArgumentException if {@code gain} is negative or not finite
     */
    public IdentityInitializer {
        // -0.0 and 0.0 give the same values here; keep one of them so equal initializers are equal records
        gain += 0.0;
        SpecText.requireNonNegative(IdentityProvider.NAME, "gain", gain);
    }

    /** Creates the default, {@code gain = 1} (PyTorch's {@code eye_}). */
    public IdentityInitializer() {
        this(1);
    }

    /**
     * Writes {@code gain} on the main diagonal and 0 elsewhere.
     *
     * @param parameter a tensor with exactly 2 dimensions
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    not used
     * @throws IllegalArgumentException if the tensor does not have 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Shapes.requireRank(IdentityProvider.NAME, parameter, 2, 2);
        Arrays.fill(values, 0f);
        int rows = parameter.shape().dim(0);
        int cols = parameter.shape().dim(1);
        for (int i = 0; i < Math.min(rows, cols); i++) {
            values[i * cols + i] = (float) gain;
        }
    }

    /**
     * @param parameter a tensor with exactly 2 dimensions
     * @return the standard deviation of the written values, {@code gain * sqrt(p (1 - p))} with
     *         {@code p = min(out, in) / (out * in)}; empty for no elements
     * @throws IllegalArgumentException if the tensor does not have 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        Shapes.requireRank(IdentityProvider.NAME, parameter, 2, 2);
        long ones = Math.min(parameter.shape().dim(0), parameter.shape().dim(1));
        return Shapes.populationStd(ones * gain, ones * gain * gain, parameter.shape().elementCount());
    }

    /** @return the canonical spec, e.g. {@code identity(gain=2)} */
    @Override
    public String toString() {
        return SpecText.of(IdentityProvider.NAME).number("gain", gain, 1).toString();
    }
}
