package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
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
 * <p>PyTorch raises an error for any other name; so does {@link #calculate} (gelu and elu have no gain in
 * PyTorch's table). {@code identity} is initlab's name for PyTorch's {@code linear}.
 *
 * <h2>Exact variance-preserving gains</h2>
 * {@link #exact} is the gain that keeps the second moment of pre-activations from layer to layer at unit
 * input variance: {@code gain = 1 / sqrt(E[f(z)^2])}, {@code z ~ N(0, 1)}, so that {@code Var(W) = gain^2 /
 * fan_in} gives {@code E[z_next^2] = fan_in Var(W) E[f(z)^2] = 1}. The values below were computed by adaptive
 * quadrature at 30 significant digits (and are checked in core's tests against its own Simpson quadrature of
 * the activations as the backends compute them):
 *
 * <table>
 *   <caption>Exact gains next to PyTorch's</caption>
 *   <tr><th>nonlinearity</th><th>E[f(z)^2]</th><th>exact gain</th><th>PyTorch {@code calculate_gain}</th></tr>
 *   <tr><td>linear</td><td>1</td><td>1</td><td>1</td></tr>
 *   <tr><td>relu</td><td>1/2</td><td>sqrt(2) = 1.41421</td><td>sqrt(2)</td></tr>
 *   <tr><td>leaky_relu(a)</td><td>(1 + a^2) / 2</td><td>sqrt(2 / (1 + a^2))</td><td>the same</td></tr>
 *   <tr><td>tanh</td><td>0.394294</td><td>1.59254</td><td>5/3 = 1.66667</td></tr>
 *   <tr><td>sigmoid</td><td>0.293379</td><td>1.84623</td><td>1</td></tr>
 *   <tr><td>selu</td><td>1</td><td>1</td><td>3/4</td></tr>
 *   <tr><td>elu (alpha 1)</td><td>0.644945</td><td>1.24520</td><td>none (ValueError)</td></tr>
 *   <tr><td>gelu (exact erf form)</td><td>0.425221</td><td>1.53353</td><td>none (ValueError)</td></tr>
 *   <tr><td>gelu_tanh</td><td>0.425194</td><td>1.53358</td><td>none (ValueError)</td></tr>
 *   <tr><td>silu (swish)</td><td>0.355776</td><td>1.67653</td><td>none (ValueError)</td></tr>
 *   <tr><td>mish</td><td>0.452342</td><td>1.48685</td><td>none (ValueError)</td></tr>
 * </table>
 *
 * <p>No framework ships gains for elu, gelu, silu or mish (PyTorch's table stops at selu; Keras and JAX scale
 * by 2 for He initialization whatever follows); code written for them usually passes {@code 'relu'}. A
 * non-zero mean of {@code f(z)} (all of these but tanh and linear) is counted in {@code E[f(z)^2]}, as the
 * propagation law {@code E[z_next^2] = fan_in E[W^2] E[f(z)^2]} for zero-mean weights needs.
 *
 * <p>{@link #recommended} is PyTorch's gain where PyTorch has one (so code that used {@link #calculate} keeps
 * its values) and the exact gain for {@code elu}, {@code gelu}, {@code gelu_tanh}, {@code silu} and
 * {@code mish}: it is defined for every nonlinearity a core network tells an initializer about
 * ({@link Nonlinearity#recommendedGain()}). The built-in {@code he-*} initializers keep PyTorch's table for
 * their {@code nonlinearity} option; the exact gain {@code g} of a He-style initialization is
 * {@code variance-scaling(scale=g^2, mode=fan_in, distribution=untruncated_normal)}.
 */
@API(status = STABLE, since = "0.1")
public final class Gain {
    /** Every name {@link #calculate} accepts. */
    public static final List<String> NONLINEARITIES = List.of("linear", "identity", "conv1d", "conv2d", "conv3d",
            "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu",
            "selu");

    /** The names PyTorch has no gain for, whose {@link #recommended} gain is the {@link #exact} one. */
    public static final List<String> EXACT_ONLY = List.of("elu", "gelu", "gelu_tanh", "silu", "mish");

    /** Every name {@link #recommended} and {@link #exact} accept: {@link #NONLINEARITIES}, then {@link #EXACT_ONLY}. */
    public static final List<String> RECOMMENDED_NONLINEARITIES = concat(NONLINEARITIES, EXACT_ONLY);

    private Gain() {
    }

    private static List<String> concat(List<String> a, List<String> b) {
        ArrayList<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /**
     * The exact variance-preserving gain {@code 1 / sqrt(E[f(z)^2])}, {@code z ~ N(0, 1)} (see the table above).
     *
     * @param nonlinearity one of {@link #RECOMMENDED_NONLINEARITIES}
     * @param param        the negative slope for {@code leaky_relu} (default 0.01); ignored otherwise (elu's
     *                     gain is for alpha 1)
     * @return the gain
     * @throws IllegalArgumentException for an unsupported nonlinearity or a non-finite slope
     */
    public static double exact(String nonlinearity, OptionalDouble param) {
        return switch (nonlinearity) {
            case "linear", "identity", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                    "conv_transpose3d", "selu" -> 1.0;
            case "relu", "leaky_relu" -> calculate(nonlinearity, param);
            case "tanh" -> 1.5925374197228314278;
            case "sigmoid" -> 1.846228545338605413;
            case "elu" -> 1.2451983007007065503;
            case "gelu" -> 1.5335304411955352338;
            case "gelu_tanh" -> 1.5335805216661469181;
            case "silu" -> 1.6765324703310911586;
            case "mish" -> 1.486847581273208102;
            default -> throw unsupported(nonlinearity, RECOMMENDED_NONLINEARITIES);
        };
    }

    /**
     * PyTorch's gain ({@link #calculate}) where PyTorch defines one, else the {@link #exact} gain.
     *
     * @param nonlinearity one of {@link #RECOMMENDED_NONLINEARITIES}
     * @param param        the negative slope for {@code leaky_relu} (default 0.01); ignored otherwise
     * @return the gain
     * @throws IllegalArgumentException for an unsupported nonlinearity or a non-finite slope
     */
    public static double recommended(String nonlinearity, OptionalDouble param) {
        if (EXACT_ONLY.contains(nonlinearity)) {
            return exact(nonlinearity, param);
        }
        if (!NONLINEARITIES.contains(nonlinearity)) {
            throw unsupported(nonlinearity, RECOMMENDED_NONLINEARITIES);
        }
        return calculate(nonlinearity, param);
    }

    private static IllegalArgumentException unsupported(String nonlinearity, List<String> known) {
        return new IllegalArgumentException("unsupported nonlinearity '" + nonlinearity + "' (known: "
                + String.join(", ", known) + ")");
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
            default -> throw unsupported(nonlinearity, NONLINEARITIES);
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
