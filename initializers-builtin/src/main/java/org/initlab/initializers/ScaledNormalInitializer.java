package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * The mean-field parametrization of a Gaussian weight: every element from the untruncated
 * {@code N(0, std^2)} with
 * <pre>std = sigma_w / sqrt(fan_in)</pre>
 * {@code fan_in = shape[1] * rf} of the tensor itself ({@link ParameterSpec#fans()}). {@code sigma_w^2} is the
 * weight variance of the signal-propagation theory, the axis of its phase diagrams: for tanh networks with bias
 * variance {@code sigma_b^2} the order-to-chaos transition (the edge of chaos) lies near {@code sigma_w = 1} for
 * small {@code sigma_b}. {@code sigma_w = 1} is {@code lecun-normal}, bit for bit; {@code sigma_w = gain} equals
 * {@code he-normal} with that gain.
 *
 * <p>From B. Poole, S. Lahiri, M. Raghu, J. Sohl-Dickstein and S. Ganguli, "Exponential expressivity in deep
 * neural networks through transient chaos", NeurIPS 2016, and S. S. Schoenholz, J. Gilmer, S. Ganguli and
 * J. Sohl-Dickstein, "Deep Information Propagation", ICLR 2017.
 *
 * @param sigmaW the weight scale {@code sigma_w >= 0}
 */
public record ScaledNormalInitializer(double sigmaW) implements Initializer {

    /**
     * Validates the scale.
     *
     * @param sigmaW the weight scale
     * @throws IllegalArgumentException if {@code sigma_w} is negative or not finite
     */
    public ScaledNormalInitializer {
        sigmaW += 0.0;
        SpecText.requireNonNegative(ScaledNormalProvider.NAME, "sigma_w", sigmaW);
    }

    /**
     * Fills {@code values} with independent draws from {@code N(0, sigma_w^2 / fan_in)}.
     *
     * @param parameter a tensor with at least 2 dimensions; with no elements this is a no-op
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextGaussian()} per element
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        long fanIn = FanBased.fans(ScaledNormalProvider.NAME, parameter).fanIn();
        if (values.length == 0) {
            return;
        }
        Fills.normal(values, 0, FanBased.kaimingStd(sigmaW, fanIn), random);
    }

    /**
     * @param parameter a tensor with at least 2 dimensions
     * @return {@code sigma_w / sqrt(fan_in)}, empty when {@code fan_in} is 0
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return FanBased.finite(FanBased.kaimingStd(sigmaW,
                FanBased.fans(ScaledNormalProvider.NAME, parameter).fanIn()));
    }

    /** @return the canonical spec, e.g. {@code scaled-normal(sigma_w=1.5)} */
    @Override
    public String toString() {
        return SpecText.of(ScaledNormalProvider.NAME).number("sigma_w", sigmaW, 1).toString();
    }
}
