package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Draws every element from the normal distribution {@code N(mean, std^2)}, untruncated, as PyTorch's
 * {@code torch.nn.init.normal_(tensor, mean=0, std=1)}: {@code mean + std * z} with one
 * {@link SeededRandom#nextGaussian()} per element, in row-major order.
 *
 * <p>Keras' {@code RandomNormal} has the same meaning with default {@code std=0.05}. {@code std == 0} is
 * allowed and gives the constant {@code mean}.
 *
 * @param mean the mean
 * @param std  the standard deviation, {@code >= 0}
 */
public record NormalInitializer(double mean, double std) implements Initializer {

    /**
     * Validates the parameters.
     *
     * @param mean the mean
     * @param std  the standard deviation
     * @throws IllegalArgumentException if a parameter is not finite or {@code std < 0}
     */
    public NormalInitializer {
        // a mean of -0.0 equals its default 0 and is dropped from the canonical spec, so it is kept as 0.0; a std of
        // -0.0 is written "-0" there (numbers keep the sign of zero, see OptionSpec.formatNumber), so the record
        // keeps it too and equal records have equal canonical specs
        mean += 0.0;
        SpecText.requireFinite(NormalProvider.NAME, "mean", mean);
        SpecText.requireNonNegative(NormalProvider.NAME, "std", std);
    }

    /** Creates PyTorch's default, {@code N(0, 1)}. */
    public NormalInitializer() {
        this(0, 1);
    }

    /**
     * Fills {@code values} with independent draws from {@code N(mean, std^2)}.
     *
     * @param parameter what is being initialized (any shape)
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextGaussian()} per element
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Fills.normal(values, mean, std, random);
    }

    /**
     * @param parameter any parameter
     * @return {@code std}
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return OptionalDouble.of(std);
    }

    /** @return the canonical spec, e.g. {@code normal(std=0.01)} */
    @Override
    public String toString() {
        return SpecText.of(NormalProvider.NAME).number("mean", mean, 0).number("std", std, 1).toString();
    }
}
