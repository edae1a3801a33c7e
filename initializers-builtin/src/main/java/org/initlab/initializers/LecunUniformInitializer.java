package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * LeCun uniform initialization: every element from {@code U[-bound, bound)} with
 * <pre>bound = sqrt(3 / fan_in)</pre>
 * standard deviation {@code 1 / sqrt(fan_in)}, {@code fan_in = shape[1] * rf} of the tensor itself
 * ({@link ParameterSpec#fans()}). This is PyTorch's
 * {@code torch.nn.init.kaiming_uniform_(tensor, mode='fan_in', nonlinearity='linear')} (computed the same way,
 * {@code sqrt(3) * (1 / sqrt(fan_in))}) and Keras' {@code LecunUniform}.
 *
 * <p>From Y. LeCun, L. Bottou, G. Orr and K.-R. Müller, "Efficient BackProp", in Neural Networks: Tricks of
 * the Trade, 1998. Note that DL4J's {@code LECUN_UNIFORM} uses {@code 3 / sqrt(fan_in)}, three times this
 * standard deviation.
 */
public record LecunUniformInitializer() implements Initializer {

    /**
     * Fills {@code values} with independent draws from {@code U[-sqrt(3 / fan_in), sqrt(3 / fan_in))}.
     *
     * @param parameter a tensor with at least 2 dimensions; with no elements this is a no-op
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextDouble()} per element
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        long fanIn = FanBased.fans(LecunUniformProvider.NAME, parameter).fanIn();
        if (values.length == 0) {
            return;
        }
        double bound = FanBased.SQRT_3 * FanBased.kaimingStd(1.0, fanIn);
        Fills.uniform(values, -bound, bound, random);
    }

    /**
     * @param parameter a tensor with at least 2 dimensions
     * @return {@code 1 / sqrt(fan_in)}, empty when {@code fan_in} is 0
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return FanBased.finite(FanBased.kaimingStd(1.0, FanBased.fans(LecunUniformProvider.NAME, parameter).fanIn()));
    }

    /** @return {@code lecun-uniform} */
    @Override
    public String toString() {
        return LecunUniformProvider.NAME;
    }
}
