package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.internal.Suggestions;

/**
 * Element-wise activation functions with PyTorch's definitions and default parameters.
 *
 * <p>{@link #apply(double)} and {@link #derivative(double, double)} are the scalar reference used by tests
 * and by backends that need it; backends are free to use faster equivalent loops.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public enum Activation {
    /** {@code max(0, x)}. */
    RELU("relu"),
    /** {@code x} for {@code x >= 0}, {@code 0.01 x} otherwise (PyTorch's default slope). */
    LEAKY_RELU("leaky_relu"),
    /** {@code tanh(x)}. */
    TANH("tanh"),
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID("sigmoid"),
    /** SELU (Klambauer et al. 2017): {@code scale * (x if x > 0 else alpha (exp(x) - 1))}. */
    SELU("selu"),
    /** Exact GELU, {@code x Phi(x)} with the standard normal CDF (PyTorch's default, not the tanh form). */
    GELU("gelu"),
    /** ELU with alpha 1: {@code x if x > 0 else exp(x) - 1}. */
    ELU("elu"),
    /**
     * GELU's tanh approximation (Hendrycks and Gimpel 2016, PyTorch's {@code nn.GELU(approximate='tanh')}):
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}; spelled {@code gelu_tanh} in model specs
     * ({@code gelu-tanh} is accepted too).
     */
    GELU_TANH("gelu_tanh"),
    /**
     * SiLU, also called swish (Elfwing et al. 2018, Ramachandran et al. 2017; PyTorch's {@code nn.SiLU}):
     * {@code x sigmoid(x)}; {@code swish} is accepted as its name.
     */
    SILU("silu"),
    /** Mish (Misra 2019, PyTorch's {@code nn.Mish}): {@code x tanh(softplus(x))}, {@code softplus(x) = ln(1 + e^x)}. */
    MISH("mish"),
    /** The identity (PyTorch's "linear"). */
    IDENTITY("identity");

    /** Negative slope of {@link #LEAKY_RELU}, as PyTorch's default. */
    public static final double LEAKY_SLOPE = 0.01;
    /** SELU's alpha. */
    public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    /** SELU's scale. */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946;
    /** {@code sqrt(2 / pi)}, the scale inside {@link #GELU_TANH}'s tanh. */
    public static final double GELU_TANH_SCALE = 0.7978845608028654;
    /** The cubic coefficient inside {@link #GELU_TANH}'s tanh. */
    public static final double GELU_TANH_CUBIC = 0.044715;

    private final String specName;

    Activation(String specName) {
        this.specName = specName;
    }

    /** @return the name used in model specs, e.g. {@code leaky_relu} */
    public String specName() {
        return specName;
    }

    /** @return the nonlinearity as the initializer SPI sees it (identity becomes PyTorch's {@code linear}) */
    public Nonlinearity nonlinearity() {
        return switch (this) {
            case IDENTITY -> Nonlinearity.LINEAR;
            case LEAKY_RELU -> new Nonlinearity("leaky_relu", OptionalDouble.of(LEAKY_SLOPE));
            case ELU -> new Nonlinearity("elu", OptionalDouble.of(1.0));
            default -> Nonlinearity.of(specName);
        };
    }

    /**
     * @param x the pre-activation
     * @return the activation
     */
    public double apply(double x) {
        return switch (this) {
            case RELU -> Math.max(x, 0);
            case LEAKY_RELU -> x > 0 ? x : LEAKY_SLOPE * x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case SELU -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
            case GELU -> 0.5 * x * (1 + erf(x / Math.sqrt(2)));
            case ELU -> x > 0 ? x : Math.expm1(x);
            case GELU_TANH -> 0.5 * x * (1 + Math.tanh(GELU_TANH_SCALE * (x + GELU_TANH_CUBIC * x * x * x)));
            case SILU -> x / (1 + Math.exp(-x));
            case MISH -> x * Math.tanh(softplus(x));
            case IDENTITY -> x;
        };
    }

    /**
     * @param x the pre-activation
     * @param y the activation {@code apply(x)}, passed to avoid recomputation
     * @return {@code d apply / dx} at {@code x}
     */
    public double derivative(double x, double y) {
        return switch (this) {
            case RELU -> x > 0 ? 1 : 0;
            case LEAKY_RELU -> x > 0 ? 1 : LEAKY_SLOPE;
            case TANH -> 1 - y * y;
            case SIGMOID -> y * (1 - y);
            case SELU -> x > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
            case GELU -> 0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
            case ELU -> x > 0 ? 1 : y + 1;
            case GELU_TANH -> {
                double t = Math.tanh(GELU_TANH_SCALE * (x + GELU_TANH_CUBIC * x * x * x));
                yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_TANH_SCALE * (1 + 3 * GELU_TANH_CUBIC * x * x);
            }
            case SILU -> {
                double s = 1 / (1 + Math.exp(-x));
                yield s * (1 + x * (1 - s));
            }
            case MISH -> {
                double t = Math.tanh(softplus(x));
                yield t + x * (1 - t * t) / (1 + Math.exp(-x));
            }
            case IDENTITY -> 1;
        };
    }

    /**
     * {@code ln(1 + e^x)} without overflow, as PyTorch's {@code softplus} (which returns {@code x} above 20).
     *
     * @param x any value
     * @return the softplus of {@code x}
     */
    public static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }

    /**
     * Looks an activation up by its spec name ({@code linear} is accepted for identity, {@code swish} for
     * {@code silu}, {@code gelu-tanh} for {@code gelu_tanh}).
     *
     * @param name the name
     * @return the activation
     * @throws IllegalArgumentException naming the known activations and the closest one
     */
    public static Activation parse(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        switch (key) {
            case "linear" -> {
                return IDENTITY;
            }
            case "swish" -> {
                return SILU;
            }
            case "gelu-tanh" -> {
                return GELU_TANH;
            }
            default -> {
            }
        }
        for (Activation a : values()) {
            if (a.specName.equals(key)) {
                return a;
            }
        }
        List<String> known = Arrays.stream(values()).map(Activation::specName).toList();
        String message = "unknown activation '" + name + "' (known: " + String.join(", ", known) + ")";
        throw new IllegalArgumentException(Suggestions.closest(key, known)
                .map(s -> message + "; did you mean '" + s + "'?").orElse(message));
    }

    /**
     * The error function, with absolute error below 1.2e-7 everywhere (Numerical Recipes' erfc Chebyshev
     * fit), enough for float training.
     *
     * @param x any value
     * @return erf(x)
     */
    public static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - ans : ans - 1;
    }
}
