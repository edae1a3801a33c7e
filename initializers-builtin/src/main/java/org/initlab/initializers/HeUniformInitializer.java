package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Gain;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * He (Kaiming) uniform initialization, as PyTorch's
 * {@code torch.nn.init.kaiming_uniform_(tensor, a=0, mode='fan_in', nonlinearity='leaky_relu')}:
 * every element from {@code U[-bound, bound)} with
 * <pre>gain  = calculate_gain(nonlinearity, a)
 * bound = gain * sqrt(3 / fan)</pre>
 * computed as PyTorch does, {@code sqrt(3) * (gain / sqrt(fan))}; standard deviation
 * {@code gain / sqrt(fan)}.
 * {@code fan} is {@code fan_in = shape[1] * rf} or {@code fan_out = shape[0] * rf} of the tensor itself
 * ({@link ParameterSpec#fans()}), by {@code mode}. The gain is {@link Gain#calculate}:
 * {@code sqrt(2 / (1 + a^2))} for {@code leaky_relu} (so {@code sqrt(2)} with the default {@code a = 0}),
 * and for every other nonlinearity its fixed gain, {@code a} being ignored as in PyTorch.
 *
 * <p>From K. He, X. Zhang, S. Ren and J. Sun, "Delving Deep into Rectifiers: Surpassing Human-Level
 * Performance on ImageNet Classification", ICCV 2015. Keras' {@code HeUniform} is the {@code relu} case,
 * {@code U(+-sqrt(6 / fan_in))}.
 *
 * @param a            the negative slope of the rectifier after the layer (used only with {@code leaky_relu})
 * @param mode         {@code fan_in} (keeps the variance of activations in the forward pass) or
 *                     {@code fan_out} (keeps the variance of gradients in the backward pass)
 * @param nonlinearity one of {@link Gain#NONLINEARITIES}
 */
public record HeUniformInitializer(double a, String mode, String nonlinearity) implements Initializer {

    /**
     * Validates the options.
     *
     * @param a            the negative slope of leaky_relu
     * @param mode         fan_in or fan_out
     * @param nonlinearity the nonlinearity after the layer
     * @throws IllegalArgumentException if {@code a} is not finite, or {@code mode} or {@code nonlinearity} is
     *                                  not one of its choices
     */
    public HeUniformInitializer {
        // -0.0 and 0.0 give the same values here; keep one of them so equal initializers are equal records
        a += 0.0;
        SpecText.requireFinite(HeUniformProvider.NAME, "a", a);
        SpecText.requireChoice(HeUniformProvider.NAME, "mode", mode, FanBased.MODES);
        SpecText.requireChoice(HeUniformProvider.NAME, "nonlinearity", nonlinearity,
                Gain.NONLINEARITIES);
    }

    /** Creates PyTorch's default, {@code a = 0, mode = fan_in, nonlinearity = leaky_relu} (gain {@code sqrt(2)}). */
    public HeUniformInitializer() {
        this(0, "fan_in", "leaky_relu");
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
        double fan = FanBased.fans(HeUniformProvider.NAME, parameter).select(mode);
        if (values.length == 0) {
            return;
        }
        double std = FanBased.kaimingStd(FanBased.kaimingGain(nonlinearity, a), fan);
        double bound = FanBased.SQRT_3 * std;
        Fills.uniform(values, -bound, bound, random);
    }

    /**
     * @param parameter a tensor with at least 2 dimensions
     * @return {@code gain / sqrt(fan)}, empty when the selected fan is 0
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        double fan = FanBased.fans(HeUniformProvider.NAME, parameter).select(mode);
        return FanBased.finite(FanBased.kaimingStd(FanBased.kaimingGain(nonlinearity, a), fan));
    }

    /** @return the canonical spec, e.g. {@code he-uniform(mode=fan_out, nonlinearity=relu)} */
    @Override
    public String toString() {
        return SpecText.of(HeUniformProvider.NAME).number("a", a, 0).choice("mode", mode, "fan_in")
                .choice("nonlinearity", nonlinearity, "leaky_relu").toString();
    }
}
