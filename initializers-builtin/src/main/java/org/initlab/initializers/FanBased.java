package org.initlab.initializers;

import java.util.List;
import java.util.OptionalDouble;
import org.initlab.spi.Fans;
import org.initlab.spi.Gain;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.ParameterSpec;

/**
 * Fan and gain arithmetic shared by the Glorot, He and LeCun initializers, written in the order of
 * operations PyTorch's {@code torch.nn.init} uses so that the bounds and standard deviations are the same
 * doubles PyTorch computes: {@code std = gain / sqrt(fan)} and {@code std = gain * sqrt(2 / (fan_in +
 * fan_out))}, with the uniform bound {@code sqrt(3) * std}.
 */
final class FanBased {
    /** The ratio of a uniform distribution's half-width to its standard deviation. */
    static final double SQRT_3 = Math.sqrt(3.0);

    /** The fan modes of {@code kaiming_uniform_} and {@code kaiming_normal_}. */
    static final List<String> MODES = List.of("fan_in", "fan_out");

    /** The options shared by he-uniform and he-normal, in PyTorch's positional order. */
    static final List<OptionSpec> KAIMING_OPTIONS = List.of(
            OptionSpec.number("a", 0, "negative slope of the rectifier after this layer (used only with leaky_relu)"),
            OptionSpec.choice("mode", "fan_in", MODES,
                    "fan_in keeps the forward variance, fan_out the backward variance"),
            OptionSpec.choice("nonlinearity", "leaky_relu", Gain.NONLINEARITIES,
                    "the nonlinearity after this layer, for its gain"));

    /** The option of xavier-uniform and xavier-normal. */
    static final List<OptionSpec> XAVIER_OPTIONS = List.of(
            OptionSpec.number("gain", 1, "scaling factor, e.g. 5/3 for tanh (see calculate_gain)"));

    private FanBased() {
    }

    /**
     * The fans of the tensor itself ({@link ParameterSpec#fans()}), with an error that names the initializer
     * and the parameter when the tensor has fewer than 2 dimensions.
     */
    static Fans fans(String initializer, ParameterSpec parameter) {
        if (parameter.shape().rank() < 2) {
            throw new IllegalArgumentException(initializer + " needs a tensor with at least 2 dimensions, got shape "
                    + parameter.shape() + " (parameter " + parameter.path() + ")");
        }
        return parameter.fans();
    }

    /** PyTorch's {@code kaiming_*} standard deviation: {@code gain / sqrt(fan)}. */
    static double kaimingStd(double gain, double fan) {
        return gain / Math.sqrt(fan);
    }

    /** PyTorch's {@code xavier_*} standard deviation: {@code gain * sqrt(2 / (fan_in + fan_out))}. */
    static double xavierStd(double gain, Fans fans) {
        return gain * Math.sqrt(2.0 / (double) (fans.fanIn() + fans.fanOut()));
    }

    /**
     * The gain PyTorch's {@code kaiming_*} functions use: {@code calculate_gain(nonlinearity, a)}, where
     * {@code a} is the negative slope of {@code leaky_relu} and is ignored for every other nonlinearity.
     */
    static double kaimingGain(String nonlinearity, double a) {
        return Gain.calculate(nonlinearity, OptionalDouble.of(a));
    }

    /** The standard deviation as an expectation, empty when a zero fan makes it infinite or undefined. */
    static OptionalDouble finite(double std) {
        return Double.isFinite(std) ? OptionalDouble.of(std) : OptionalDouble.empty();
    }
}
