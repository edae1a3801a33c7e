package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Draws every element from the normal distribution {@code N(mean, std^2)} truncated to {@code [a, b]}, as
 * PyTorch's {@code torch.nn.init.trunc_normal_(tensor, mean=0, std=1, a=-2, b=2)}. The bounds are
 * <strong>absolute values</strong>, not multiples of {@code std}: {@code trunc-normal(std=0.02)} is
 * effectively untruncated (use {@code variance-scaling} or Keras-style bounds {@code a=-2*std, b=2*std} for
 * a two-sigma cut). No rescaling: the standard deviation of the result is smaller than {@code std},
 * <pre>std * sqrt(1 + (alpha phi(alpha) - beta phi(beta)) / Z - ((phi(alpha) - phi(beta)) / Z)^2)</pre>
 * with {@code alpha = (a - mean) / std}, {@code beta = (b - mean) / std}, {@code Z = Phi(beta) - Phi(alpha)}
 * (0.8796 std for the default two-sigma cut).
 *
 * <p>Sampling is by inversion of the CDF, like PyTorch: {@code u} uniform in {@code [Phi(alpha), Phi(beta))},
 * {@code x = mean + std * Phi^-1(u)}, clamped to {@code [a, b]}; one {@code nextDouble()} per element, in
 * row-major order, with {@code Phi} (Cody's erfc) and {@code Phi^-1} (Acklam's approximation refined by a
 * Halley step) accurate to full {@code double} precision, so intervals far in the tails are sampled
 * correctly, where PyTorch's {@code float} arithmetic breaks down.
 *
 * <p>Keras' {@code TruncatedNormal(mean, stddev)} cuts at two standard deviations by redrawing; DJL's
 * {@code TruncatedNormalInitializer} too; JAX's {@code truncated_normal} takes bounds in standard units.
 *
 * @param mean the mean of the untruncated normal
 * @param std  the standard deviation of the untruncated normal, {@code > 0}
 * @param a    the lower bound (absolute)
 * @param b    the upper bound (absolute), {@code > a}
 */
public record TruncatedNormalInitializer(double mean, double std, double a, double b) implements Initializer {

    /**
     * Validates the parameters.
     *
     * @param mean the mean
     * @param std  the standard deviation before truncation
     * @param a    the lower bound
     * @param b    the upper bound
     * @throws IllegalArgumentException if a parameter is not finite, {@code std <= 0} or {@code b <= a}
     */
    public TruncatedNormalInitializer {
        // -0.0 and 0.0 give the same values here; keep one of them so equal initializers are equal records
        mean += 0.0;
        a += 0.0;
        b += 0.0;
        SpecText.requireFinite(TruncatedNormalProvider.NAME, "mean", mean);
        SpecText.requirePositive(TruncatedNormalProvider.NAME, "std", std);
        SpecText.requireFinite(TruncatedNormalProvider.NAME, "a", a);
        SpecText.requireFinite(TruncatedNormalProvider.NAME, "b", b);
        if (!(b > a)) {
            throw new IllegalArgumentException("option 'b' of " + TruncatedNormalProvider.NAME + " must be > a, got a="
                    + SpecText.number(a) + ", b=" + SpecText.number(b));
        }
    }

    /** Creates PyTorch's default, {@code N(0, 1)} truncated to {@code [-2, 2]}. */
    public TruncatedNormalInitializer() {
        this(0, 1, -2, 2);
    }

    /**
     * Fills {@code values} with independent draws from the truncated normal.
     *
     * @param parameter what is being initialized (any shape)
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextDouble()} per element
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        TruncatedNormal.fill(values, mean, std, a, b, random);
    }

    /**
     * @param parameter any parameter
     * @return the standard deviation of the truncated distribution; empty when the interval lies so far in a
     *         tail (about 37 standard deviations) that its probability underflows
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return FanBased.finite(TruncatedNormal.std(mean, std, a, b));
    }

    /** @return the canonical spec, e.g. {@code trunc-normal(std=0.02)} */
    @Override
    public String toString() {
        return SpecText.of(TruncatedNormalProvider.NAME).number("mean", mean, 0).number("std", std, 1)
                .number("a", a, -2).number("b", b, 2).toString();
    }
}
