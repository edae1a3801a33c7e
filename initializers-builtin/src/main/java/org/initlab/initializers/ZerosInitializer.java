package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Fills a tensor with {@code 0}, as PyTorch's {@code torch.nn.init.zeros_} (Keras {@code Zeros}).
 *
 * <p>The usual choice for biases. For weights it is a cautionary baseline: every hidden unit of a layer
 * computes the same function, so an all-zero MLP only ever learns its output bias. Draws no randomness.
 */
public record ZerosInitializer() implements Initializer {

    /**
     * Writes {@code 0} to every element.
     *
     * @param parameter what is being initialized (any shape)
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    not used
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Arrays.fill(values, 0f);
    }

    /**
     * @param parameter any parameter
     * @return {@code 0}: every value is the same
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return OptionalDouble.of(0);
    }

    /** @return {@code zeros} */
    @Override
    public String toString() {
        return ZerosProvider.NAME;
    }
}
