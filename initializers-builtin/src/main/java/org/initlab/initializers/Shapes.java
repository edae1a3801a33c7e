package org.initlab.initializers;

import java.util.OptionalDouble;
import java.util.function.IntUnaryOperator;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * Shape rules and index arithmetic shared by the structured initializers (identity, dirac, orthogonal,
 * delta-orthogonal, ZerO, sparse), with error messages in the words {@link FanBased#fans} uses:
 * {@code dirac needs a tensor with 3, 4 or 5 dimensions, got shape [8, 4] (parameter 0.weight)}.
 */
final class Shapes {
    /** No upper limit for {@link #requireRank}. */
    static final int UNBOUNDED = Integer.MAX_VALUE;

    private Shapes() {
    }

    /**
     * Fails unless the tensor has between {@code min} and {@code max} dimensions (inclusive).
     *
     * @throws IllegalArgumentException naming the initializer, the accepted ranks, the shape and the parameter
     */
    static void requireRank(String initializer, ParameterSpec parameter, int min, int max) {
        int rank = parameter.shape().rank();
        if (rank < min || rank > max) {
            throw shapeError(initializer, "a tensor with " + ranks(min, max), parameter);
        }
    }

    /** An error {@code <initializer> needs <what>, got shape <shape> (parameter <path>)}. */
    static IllegalArgumentException shapeError(String initializer, String what, ParameterSpec parameter) {
        return new IllegalArgumentException(initializer + " needs " + what + ", got shape " + parameter.shape()
                + " (parameter " + parameter.path() + ")");
    }

    private static String ranks(int min, int max) {
        if (max == UNBOUNDED) {
            return "at least " + min + " dimensions";
        }
        if (min == max) {
            return min + " dimensions";
        }
        StringBuilder sb = new StringBuilder();
        for (int r = min; r < max; r++) {
            sb.append(r).append(r < max - 1 ? ", " : " ");
        }
        return sb.append("or ").append(max).append(" dimensions").toString();
    }

    /**
     * The row-major offset, inside one {@code [k1, k2, ...]} kernel block of a convolution weight
     * {@code [out, in, k1, k2, ...]}, of the tap whose index along each spatial dimension of size {@code k} is
     * {@code centre.applyAsInt(k)}.
     */
    static int centreOffset(TensorShape shape, IntUnaryOperator centre) {
        int offset = 0;
        for (int d = 2; d < shape.rank(); d++) {
            offset = offset * shape.dim(d) + centre.applyAsInt(shape.dim(d));
        }
        return offset;
    }

    /**
     * The standard deviation of a fixed tensor with {@code count} elements, from the sum and the sum of
     * squares of its values: {@code sqrt(sumSquares / count - (sum / count)^2)}; empty for no elements.
     */
    static OptionalDouble populationStd(double sum, double sumSquares, long count) {
        if (count == 0) {
            return OptionalDouble.empty();
        }
        double mean = sum / count;
        return OptionalDouble.of(Math.sqrt(Math.max(0, sumSquares / count - mean * mean)));
    }
}
