package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.OptionalDouble;
import org.apiguardian.api.API;

/**
 * Fills one parameter tensor with its initial values.
 *
 * <p>Contract: {@link #initialize} writes every element of {@code values} (host memory, PyTorch layout,
 * row-major), draws randomness only from the given {@link SeededRandom}, keeps no state between calls, and
 * throws {@link IllegalArgumentException} with a message a user can act on when the parameter does not fit
 * (for example a fan-based initializer on a tensor with fewer than 2 dimensions). Implementations must be
 * immutable and thread-safe; two calls with equal arguments and equally seeded generators must write equal
 * values.
 */
@API(status = STABLE, since = "0.1")
@FunctionalInterface
public interface Initializer {

    /**
     * Fills {@code values} with the initial values of {@code parameter}.
     *
     * @param parameter what is being initialized
     * @param values    the tensor's elements, length {@code parameter.elementCount()}
     * @param random    the generator for this parameter (already forked for its path)
     */
    void initialize(ParameterSpec parameter, float[] values, SeededRandom random);

    /**
     * The standard deviation the values have in expectation, when it is known in closed form (used by
     * {@code sample} and diagnostics to compare measured against theory).
     *
     * @param parameter the parameter
     * @return the theoretical standard deviation, or empty when unknown
     */
    default OptionalDouble expectedStd(ParameterSpec parameter) {
        return OptionalDouble.empty();
    }

    /**
     * Checks that a value array matches a parameter's element count.
     *
     * @param parameter the parameter
     * @param values    the array
     * @throws IllegalArgumentException if the lengths differ
     */
    static void checkLength(ParameterSpec parameter, float[] values) {
        if (values.length != parameter.elementCount()) {
            throw new IllegalArgumentException("parameter " + parameter.path() + " with shape " + parameter.shape()
                    + " needs " + parameter.elementCount() + " values, got an array of " + values.length);
        }
    }
}
