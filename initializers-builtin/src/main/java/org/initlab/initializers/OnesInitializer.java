package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Fills a tensor with {@code 1}, as PyTorch's {@code torch.nn.init.ones_} (Keras {@code Ones}); the usual
 * start for the scale of a normalization layer. Draws no randomness.
 */
public record OnesInitializer() implements Initializer {

    /**
     * Writes {@code 1} to every element.
     *
     * @param parameter what is being initialized (any shape)
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    not used
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Arrays.fill(values, 1f);
    }

    /**
     * @param parameter any parameter
     * @return {@code 0}: every value is the same
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return OptionalDouble.of(0);
    }

    /** @return {@code ones} */
    @Override
    public String toString() {
        return OnesProvider.NAME;
    }
}
