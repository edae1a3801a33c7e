package org.initlab.initializers;

import java.util.List;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Variance scaling with Keras 3's exact semantics ({@code keras.initializers.VarianceScaling(scale=1,
 * mode="fan_in", distribution="truncated_normal")}), the family behind Keras' and JAX's Glorot, He and LeCun
 * initializers:
 * <pre>n = max(1, fan)            fan = fan_in, fan_out or (fan_in + fan_out) / 2 by mode
 * truncated_normal:   N(0, s^2) cut at +-2 s,  s = sqrt(scale / n) / 0.87962566103423978
 * untruncated_normal: N(0, s^2),               s = sqrt(scale / n)
 * uniform:            U[-limit, limit),        limit = sqrt(3 * scale / n)</pre>
 * so the standard deviation of the values is {@code sqrt(scale / n)} in all three cases
 * ({@code 0.87962566103423978} is the standard deviation of a standard normal truncated to {@code [-2, 2]}).
 * Fans are those of the tensor itself ({@link ParameterSpec#fans()}, PyTorch layout), which for dense and
 * convolution weights are the numbers Keras computes from its HWIO layout.
 *
 * <p>Named cases: Keras {@code GlorotNormal} = {@code variance-scaling(1, fan_avg)}, {@code GlorotUniform} =
 * {@code variance-scaling(1, fan_avg, uniform)}, {@code HeNormal} = {@code variance-scaling(2)},
 * {@code HeUniform} = {@code variance-scaling(2, fan_in, uniform)}, {@code LecunNormal} =
 * {@code variance-scaling}, {@code LecunUniform} = {@code variance-scaling(1, fan_in, uniform)}. JAX's
 * {@code variance_scaling(scale, mode, distribution)} is the same with {@code "normal"} for
 * {@code untruncated_normal}. Papers: Glorot and Bengio 2010; He et al. 2015; LeCun et al. 1998; Klambauer
 * et al. 2017 (LeCun normal for SELU networks).
 *
 * <p>The truncated normal is sampled by inversion ({@link TruncatedNormalInitializer}), one
 * {@code nextDouble()} per element; the uniform with one {@code nextDouble()}, the untruncated normal with
 * one {@code nextGaussian()} per element.
 *
 * @param scale        the variance multiplier, {@code > 0}
 * @param mode         {@code fan_in}, {@code fan_out} or {@code fan_avg}
 * @param distribution {@code truncated_normal}, {@code untruncated_normal} or {@code uniform}
 */
public record VarianceScalingInitializer(double scale, String mode, String distribution) implements Initializer {
    /** The fan modes. */
    static final List<String> MODES = List.of("fan_in", "fan_out", "fan_avg");
    /** The distributions. */
    static final List<String> DISTRIBUTIONS = List.of("truncated_normal", "untruncated_normal", "uniform");
    /** The standard deviation of a standard normal truncated to [-2, 2], Keras' constant. */
    static final double TRUNCATED_STD = 0.87962566103423978;

    /**
     * Validates the options.
     *
     * @param scale        the variance multiplier
     * @param mode         the fan mode
     * @param distribution the distribution
     * @throws IllegalArgumentException if {@code scale <= 0} or not finite, or {@code mode} or
     *                                  {@code distribution} is not one of its choices
     */
    public VarianceScalingInitializer {
        SpecText.requirePositive(VarianceScalingProvider.NAME, "scale", scale);
        SpecText.requireChoice(VarianceScalingProvider.NAME, "mode", mode, MODES);
        SpecText.requireChoice(VarianceScalingProvider.NAME, "distribution", distribution, DISTRIBUTIONS);
    }

    /** Creates Keras' default, {@code scale = 1, mode = fan_in, distribution = truncated_normal}. */
    public VarianceScalingInitializer() {
        this(1, "fan_in", "truncated_normal");
    }

    /**
     * Fills {@code values} with independent draws from the selected distribution.
     *
     * @param parameter a tensor with at least 2 dimensions; with no elements this is a no-op
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        double scaled = scaledVariance(parameter);
        if (values.length == 0) {
            return;
        }
        fill(values, scaled, distribution, random);
    }

    /** Keras' sampling step for a variance {@code scale / n} already divided by the fan. */
    static void fill(float[] values, double scaled, String distribution, SeededRandom random) {
        switch (distribution) {
            case "truncated_normal" -> {
                double std = Math.sqrt(scaled) / TRUNCATED_STD;
                TruncatedNormal.fill(values, 0, std, -2 * std, 2 * std, random);
            }
            case "untruncated_normal" -> Fills.normal(values, 0, Math.sqrt(scaled), random);
            case "uniform" -> {
                double limit = Math.sqrt(3.0 * scaled);
                Fills.uniform(values, -limit, limit, random);
            }
            default -> throw new AssertionError(distribution);
        }
    }

    /**
     * @param parameter a tensor with at least 2 dimensions
     * @return {@code sqrt(scale / max(1, fan))}, for all three distributions
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        double scaled = scaledVariance(parameter);
        if (distribution.equals("truncated_normal")) {
            double std = Math.sqrt(scaled) / TRUNCATED_STD;
            return FanBased.finite(TruncatedNormal.std(0, std, -2 * std, 2 * std));
        }
        return OptionalDouble.of(Math.sqrt(scaled));
    }

    /** Keras' {@code scale / max(1, fan)}. */
    private double scaledVariance(ParameterSpec parameter) {
        double fan = FanBased.fans(VarianceScalingProvider.NAME, parameter).select(mode);
        return scale / Math.max(1.0, fan);
    }

    /** @return the canonical spec, e.g. {@code variance-scaling(scale=2, distribution=uniform)} */
    @Override
    public String toString() {
        return SpecText.of(VarianceScalingProvider.NAME).number("scale", scale, 1).choice("mode", mode, "fan_in")
                .choice("distribution", distribution, "truncated_normal").toString();
    }
}
