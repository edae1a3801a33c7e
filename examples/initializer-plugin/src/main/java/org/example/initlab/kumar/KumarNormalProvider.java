package org.example.initlab.kumar;

import java.util.List;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.InitializerOptions;
import org.initlab.spi.InitializerProvider;
import org.initlab.spi.OptionSpec;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Kumar initialization (S. K. Kumar, "On weight initialization in deep neural networks", arXiv:1704.08863,
 * 2017): for an activation {@code g} differentiable at 0, keeping the variance of pre-activations constant
 * needs {@code Var(W) = 1 / (fan_in * g'(0)^2 * (1 + g(0)^2))}. For tanh ({@code g(0) = 0, g'(0) = 1}) this is
 * LeCun's {@code 1/fan_in}; for the logistic sigmoid ({@code g(0) = 1/2, g'(0) = 1/4}) it is
 * {@code 12.8/fan_in}, a standard deviation of about {@code 3.6/sqrt(fan_in)}, which none of the big
 * frameworks ship.
 *
 * <p>Spec: {@code kumar-normal(nonlinearity=sigmoid)}; draws {@code N(0, Var(W))} untruncated.
 */
public final class KumarNormalProvider implements InitializerProvider {

    @Override
    public String name() {
        return "kumar-normal";
    }

    @Override
    public String summary() {
        return "N(0, 1/(fan_in g'(0)^2 (1+g(0)^2))), Kumar 2017 (sigmoid: std 3.6/sqrt(fan_in))";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.choice("nonlinearity", "sigmoid", List.of("sigmoid", "tanh"),
                "the activation g the layer feeds"));
    }

    @Override
    public Initializer create(InitializerOptions options) {
        String nonlinearity = options.text("nonlinearity");
        // g(0) and g'(0) of the activation
        double g0 = nonlinearity.equals("sigmoid") ? 0.5 : 0.0;
        double slope0 = nonlinearity.equals("sigmoid") ? 0.25 : 1.0;
        return new KumarNormal(nonlinearity, 1.0 / (slope0 * slope0 * (1 + g0 * g0)));
    }

    /** The initializer: {@code std = sqrt(factor / fan_in)}. */
    private record KumarNormal(String nonlinearity, double factor) implements Initializer {
        @Override
        public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
            Initializer.checkLength(parameter, values);
            double std = std(parameter);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (std * random.nextGaussian());
            }
        }

        @Override
        public OptionalDouble expectedStd(ParameterSpec parameter) {
            return OptionalDouble.of(std(parameter));
        }

        private double std(ParameterSpec parameter) {
            if (parameter.shape().rank() < 2) {
                throw new IllegalArgumentException("kumar-normal needs a tensor with at least 2 dimensions, got shape "
                        + parameter.shape() + " (parameter " + parameter.path() + ")");
            }
            return Math.sqrt(factor / parameter.fans().fanIn());
        }

        /** @return the canonical spec: the name, and the option when it is not the default */
        @Override
        public String toString() {
            return nonlinearity.equals("sigmoid") ? "kumar-normal" : "kumar-normal(nonlinearity=" + nonlinearity + ")";
        }
    }
}
