package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * LeCun normal initialization with PyTorch semantics: every element from the untruncated
 * {@code N(0, std^2)} with
 * <pre>std = sqrt(1 / fan_in)</pre>
 * {@code fan_in = shape[1] * rf} of the tensor itself ({@link ParameterSpec#fans()}). This is PyTorch's
 * {@code torch.nn.init.kaiming_normal_(tensor, mode='fan_in', nonlinearity='linear')} (computed the same way,
 * {@code 1 / sqrt(fan_in)}), the initialization self-normalizing (SELU) networks expect.
 *
 * <p>From Y. LeCun, L. Bottou, G. Orr and K.-R. Müller, "Efficient BackProp", in Neural Networks: Tricks of
 * the Trade, 1998. Keras' {@code LecunNormal} (and JAX's {@code lecun_normal}) instead draw from a normal
 * truncated at two standard deviations and rescaled to keep this variance, so their values never exceed
 * {@code 2 * std / 0.8796}; values here are untruncated, as in PyTorch, DL4J and DJL.
 */
public record LecunNormalInitializer() implements Initializer {

    /**
     * Fills {@code values} with independent draws from {@code N(0, 1 / fan_in)}.
     *
     * @param parameter a tensor with at least 2 dimensions; with no elements this is a no-op
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextGaussian()} per element
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        long fanIn = FanBased.fans(LecunNormalProvider.NAME, parameter).fanIn();
        if (values.length == 0) {
            return;
        }
        Fills.normal(values, 0, FanBased.kaimingStd(1.0, fanIn), random);
    }

    /**
     * @param parameter a tensor with at least 2 dimensions
     * @return {@code 1 / sqrt(fan_in)}, empty when {@code fan_in} is 0
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return FanBased.finite(FanBased.kaimingStd(1.0, FanBased.fans(LecunNormalProvider.NAME, parameter).fanIn()));
    }

    /** @return {@code lecun-normal} */
    @Override
    public String toString() {
        return LecunNormalProvider.NAME;
    }
}
