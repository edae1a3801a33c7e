package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * The recommended gain of a nonlinearity, equal to PyTorch's {@code torch.nn.init.calculate_gain}.
 *
 * <table>
 *   <caption>Gains</caption>
 *   <tr><th>nonlinearity</th><th>gain</th></tr>
 *   <tr><td>linear, identity, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid</td><td>1</td></tr>
 *   <tr><td>tanh</td><td>5/3</td></tr>
 *   <tr><td>relu</td><td>sqrt(2)</td></tr>
 *   <tr><td>leaky_relu</td><td>sqrt(2 / (1 + slope^2)), slope defaults to 0.01</td></tr>
 *   <tr><td>selu</td><td>3/4</td></tr>
 * </table>
 *
 * <p>PyTorch raises an error for any other name; so does initlab (gelu and elu have no gain in PyTorch's
 * table). {@code identity} is initlab's name for PyTorch's {@code linear}.
 */
@API(status = STABLE, since = "0.1")
public final class Gain {
    /** Every name {@link #calculate} accepts. */
    public static final List<String> NONLINEARITIES = List.of("linear", "identity", "conv1d", "conv2d", "conv3d",
            "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu",
            "selu");

    private Gain() {
    }

    /**
     * Computes the gain of a nonlinearity.
     *
     * @param nonlinearity the nonlinearity's PyTorch name
     * @param param        the negative slope for {@code leaky_relu} (default 0.01); ignored otherwise
     * @return the gain
     * @throws IllegalArgumentException for an unsupported nonlinearity
     */
    public static double calculate(String nonlinearity, OptionalDouble param) {
        return switch (nonlinearity) {
            case "linear", "identity", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                    "conv_transpose3d", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3.0;
            case "relu" -> Math.sqrt(2.0);
            case "leaky_relu" -> {
                double slope = param.orElse(0.01);
                if (!Double.isFinite(slope)) {
                    throw new IllegalArgumentException("negative slope " + slope + " is not a valid number");
                }
                yield Math.sqrt(2.0 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4.0;
            default -> throw new IllegalArgumentException("unsupported nonlinearity '" + nonlinearity
                    + "' (known: " + String.join(", ", NONLINEARITIES) + ")");
        };
    }

    /**
     * Computes the gain of a nonlinearity with its default parameter.
     *
     * @param nonlinearity the nonlinearity's PyTorch name
     * @return the gain
     */
    public static double calculate(String nonlinearity) {
        return calculate(nonlinearity, OptionalDouble.empty());
    }
}
