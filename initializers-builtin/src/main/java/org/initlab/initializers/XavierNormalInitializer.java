package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Fans;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Glorot (Xavier) normal initialization, as PyTorch's {@code torch.nn.init.xavier_normal_(tensor, gain=1)}:
 * every element from the untruncated {@code N(0, std^2)} with
 * <pre>std = gain * sqrt(2 / (fan_in + fan_out))</pre>
 * Fans are those of the tensor itself ({@link ParameterSpec#fans()}: {@code fan_in = shape[1] * rf},
 * {@code fan_out = shape[0] * rf}).
 *
 * <p>From X. Glorot and Y. Bengio, "Understanding the difficulty of training deep feedforward neural
 * networks", AISTATS 2010. Unlike Keras' {@code GlorotNormal}, which draws from a normal truncated at two
 * standard deviations (rescaled to keep the variance), this follows PyTorch, DL4J and DJL: untruncated.
 *
 * @param gain the scaling factor ({@code >= 0}), e.g. {@code Gain.calculate("tanh")}
 */
public record XavierNormalInitializer(double gain) implements Initializer {

    /**
     * Validates the gain.
     *
     * @param gain the scaling factor
     * @throws IllegalArgumentException if {@code gain} is negative or not finite
     */
    public XavierNormalInitializer {
        // -0.0 and 0.0 give the same values here; keep one of them so equal initializers are equal records
        gain += 0.0;
        SpecText.requireNonNegative(XavierNormalProvider.NAME, "gain", gain);
    }

    /** Creates the default, {@code gain = 1}. */
    public XavierNormalInitializer() {
        this(1);
    }

    /**
     * Fills {@code values} with independent draws from {@code N(0, std^2)}.
     *
     * @param parameter a tensor with at least 2 dimensions; with no elements this is a no-op
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextGaussian()} per element
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Fans fans = FanBased.fans(XavierNormalProvider.NAME, parameter);
        if (values.length == 0) {
            return;
        }
        Fills.normal(values, 0, FanBased.xavierStd(gain, fans), random);
    }

    /**
     * @param parameter a tensor with at least 2 dimensions
     * @return {@code gain * sqrt(2 / (fan_in + fan_out))}, empty when both fans are 0
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return FanBased.finite(FanBased.xavierStd(gain, FanBased.fans(XavierNormalProvider.NAME, parameter)));
    }

    /** @return the canonical spec, e.g. {@code xavier-normal(gain=2)} */
    @Override
    public String toString() {
        return SpecText.of(XavierNormalProvider.NAME).number("gain", gain, 1).toString();
    }
}
