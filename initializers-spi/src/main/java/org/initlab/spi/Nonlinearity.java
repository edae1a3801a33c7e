package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * The nonlinearity that follows a parameter's layer, as far as initialization cares: its PyTorch name and,
 * for {@code leaky_relu} and {@code elu}, its parameter.
 *
 * @param name      the PyTorch name ({@code relu}, {@code leaky_relu}, {@code tanh}, {@code sigmoid},
 *                  {@code selu}, {@code gelu}, {@code gelu_tanh}, {@code silu}, {@code mish}, {@code elu},
 *                  {@code linear})
 * @param parameter the negative slope of {@code leaky_relu} or the alpha of {@code elu}, if any
 */
@API(status = STABLE, since = "0.1")
public record Nonlinearity(String name, OptionalDouble parameter) {
    /** No nonlinearity (PyTorch's {@code linear}); also what precedes a softmax output. */
    public static final Nonlinearity LINEAR = new Nonlinearity("linear", OptionalDouble.empty());

    /** Validates the name. */
    public Nonlinearity {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("nonlinearity name must not be blank");
        }
    }

    /**
     * @param name the PyTorch name
     * @return the nonlinearity without parameter
     */
    public static Nonlinearity of(String name) {
        return new Nonlinearity(name, OptionalDouble.empty());
    }

    /**
     * The PyTorch gain of this nonlinearity.
     *
     * @return {@link Gain#calculate(String, OptionalDouble)} of this nonlinearity
     * @throws IllegalArgumentException when PyTorch defines no gain for it (gelu, elu)
     */
    public double gain() {
        return Gain.calculate(name, parameter);
    }

    /**
     * The gain initlab's built-in initializers use: PyTorch's where it has one, else the exact
     * variance-preserving gain (elu, gelu, gelu_tanh, silu, mish).
     *
     * @return {@link Gain#recommended(String, OptionalDouble)} of this nonlinearity
     * @throws IllegalArgumentException for a name neither table knows
     */
    public double recommendedGain() {
        return Gain.recommended(name, parameter);
    }

    /**
     * The exact variance-preserving gain {@code 1 / sqrt(E[f(z)^2])}, {@code z ~ N(0, 1)}.
     *
     * @return {@link Gain#exact(String, OptionalDouble)} of this nonlinearity
     * @throws IllegalArgumentException for a name the table does not know
     */
    public double exactGain() {
        return Gain.exact(name, parameter);
    }

    @Override
    public String toString() {
        return parameter.isPresent() ? name + "(" + parameter.getAsDouble() + ")" : name;
    }
}
