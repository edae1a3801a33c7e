package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Fills a tensor with one value, as PyTorch's {@code torch.nn.init.constant_(tensor, val)} (Keras
 * {@code Constant}). Draws no randomness.
 *
 * @param value the value every element gets (rounded to {@code float}); must be finite
 */
public record ConstantInitializer(double value) implements Initializer {

    /**
     * Validates the value.
     *
     * @param value the value of every element
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    public ConstantInitializer {
        SpecText.requireFinite(ConstantProvider.NAME, "value", value);
    }

    /**
     * Writes {@code (float) value} to every element.
     *
     * @param parameter what is being initialized (any shape)
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    not used
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Arrays.fill(values, (float) value);
    }

    /**
     * @param parameter any parameter
     * @return {@code 0}: every value is the same
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return OptionalDouble.of(0);
    }

    /** @return the canonical spec, e.g. {@code constant(value=0.5)} */
    @Override
    public String toString() {
        return SpecText.of(ConstantProvider.NAME).number("value", value).toString();
    }
}
