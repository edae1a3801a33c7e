package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Draws every element from the uniform distribution {@code U[a, b)}, as PyTorch's
 * {@code torch.nn.init.uniform_(tensor, a=0, b=1)}: {@code a + (b - a) * u} with one
 * {@link SeededRandom#nextDouble()} per element, in row-major order. Standard deviation
 * {@code (b - a) / sqrt(12)}.
 *
 * <p>Keras' {@code RandomUniform} has the same meaning with defaults {@code (-0.05, 0.05)}. {@code a == b} is
 * allowed and gives the constant {@code a}.
 *
 * @param a the inclusive lower bound
 * @param b the exclusive upper bound, {@code >= a}
 */
public record UniformInitializer(double a, double b) implements Initializer {

    /**
     * Validates the bounds.
     *
     * @param a the inclusive lower bound
     * @param b the exclusive upper bound
     * @throws IllegalArgumentException if a bound or the width {@code b - a} is not finite, or {@code b < a}
     */
    public UniformInitializer {
        // -0.0 and 0.0 give the same values here; keep one of them so equal initializers are equal records
        a += 0.0;
        b += 0.0;
        SpecText.requireFinite(UniformProvider.NAME, "a", a);
        SpecText.requireFinite(UniformProvider.NAME, "b", b);
        if (b < a) {
            throw new IllegalArgumentException("option 'b' of " + UniformProvider.NAME + " must be >= a, got a="
                    + SpecText.number(a) + ", b=" + SpecText.number(b));
        }
        if (!Double.isFinite(b - a)) {
            throw new IllegalArgumentException(UniformProvider.NAME + " needs a finite width b - a, got a="
                    + SpecText.number(a) + ", b=" + SpecText.number(b));
        }
    }

    /** Creates PyTorch's default, {@code U[0, 1)}. */
    public UniformInitializer() {
        this(0, 1);
    }

    /**
     * Fills {@code values} with independent draws from {@code U[a, b)}.
     *
     * @param parameter what is being initialized (any shape)
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextDouble()} per element
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Fills.uniform(values, a, b, random);
    }

    /**
     * @param parameter any parameter
     * @return {@code (b - a) / sqrt(12)}
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return OptionalDouble.of((b - a) / Math.sqrt(12.0));
    }

    /** @return the canonical spec, e.g. {@code uniform(a=-1)} */
    @Override
    public String toString() {
        return SpecText.of(UniformProvider.NAME).number("a", a, 0).number("b", b, 1).toString();
    }
}
