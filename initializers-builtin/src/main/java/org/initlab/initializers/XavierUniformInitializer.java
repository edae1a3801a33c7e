package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Fans;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Glorot (Xavier) uniform initialization, as PyTorch's {@code torch.nn.init.xavier_uniform_(tensor, gain=1)}:
 * every element from {@code U[-bound, bound)} with
 * <pre>bound = gain * sqrt(6 / (fan_in + fan_out))</pre>
 * computed as PyTorch does, {@code sqrt(3) * gain * sqrt(2 / (fan_in + fan_out))}; standard deviation
 * {@code gain * sqrt(2 / (fan_in + fan_out))}. Fans are those of the tensor itself
 * ({@link ParameterSpec#fans()}: {@code fan_in = shape[1] * rf}, {@code fan_out = shape[0] * rf}).
 *
 * <p>From X. Glorot and Y. Bengio, "Understanding the difficulty of training deep feedforward neural
 * networks", AISTATS 2010. Keras {@code GlorotUniform} is the same (with Keras' HWIO fan layout).
 *
 * @param gain the scaling factor ({@code >= 0}), e.g. {@code Gain.calculate("tanh")}
 */
public record XavierUniformInitializer(double gain) implements Initializer {

    /**
     * Validates the gain.
     *
     * @param gain the scaling factor
     * @throws IllegalArgumentException if {@code gain} is negative or not finite
     */
    public XavierUniformInitializer {
        // -0.0 and 0.0 give the same values here; keep one of them so equal initializers are equal records
        gain += 0.0;
        SpecText.requireNonNegative(XavierUniformProvider.NAME, "gain", gain);
    }

    /** Creates the default, {@code gain = 1}. */
    public XavierUniformInitializer() {
        this(1);
    }

    /**
     * Fills {@code values} with independent draws from {@code U[-bound, bound)}.
     *
     * @param parameter a tensor with at least 2 dimensions; with no elements this is a no-op
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextDouble()} per element
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Fans fans = FanBased.fans(XavierUniformProvider.NAME, parameter);
        if (values.length == 0) {
            return;
        }
        double bound = FanBased.SQRT_3 * FanBased.xavierStd(gain, fans);
        Fills.uniform(values, -bound, bound, random);
    }

    /**
     * @param parameter a tensor with at least 2 dimensions
     * @return {@code gain * sqrt(2 / (fan_in + fan_out))}, empty when both fans are 0
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return FanBased.finite(FanBased.xavierStd(gain, FanBased.fans(XavierUniformProvider.NAME, parameter)));
    }

    /** @return the canonical spec, e.g. {@code xavier-uniform(gain=2)} */
    @Override
    public String toString() {
        return SpecText.of(XavierUniformProvider.NAME).number("gain", gain, 1).toString();
    }
}
