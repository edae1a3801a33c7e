package org.initlab.tensorformats;

import java.util.Arrays;

/**
 * A dense {@code float} tensor as read from or written to a tensor file: a shape and its elements in
 * row-major (C) order.
 *
 * <p>Immutable: the constructor copies both arrays and the accessors return copies. Large consumers read the
 * elements without a copy through {@link #copyTo(float[])} or {@link #value(int)}.
 *
 * @param shape  the dimensions, each {@code >= 0}; empty for a scalar
 * @param values the elements, {@code product(shape)} of them (1 for a scalar)
 */
public record TensorData(int[] shape, float[] values) {

    /**
     * Validates and copies.
     *
     * @param shape  the dimensions
     * @param values the elements in row-major order
     * @throws IllegalArgumentException if a dimension is negative or {@code values.length} is not the product of
     *                                  the dimensions
     */
    public TensorData {
        shape = shape.clone();
        values = values.clone();
        TensorShapes.checkElementCount(shape, values.length);
    }

    /** @return a copy of the dimensions */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** @return a copy of the elements, row-major */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** @return the number of elements */
    public int elementCount() {
        return values.length;
    }

    /**
     * @param index an element index in row-major order
     * @return that element
     */
    public float value(int index) {
        return values[index];
    }

    /**
     * Copies the elements into an array without an intermediate copy.
     *
     * @param destination an array of exactly {@link #elementCount()} elements
     * @throws IllegalArgumentException if the lengths differ
     */
    public void copyTo(float[] destination) {
        if (destination.length != values.length) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " has " + values.length
                    + " values, the destination holds " + destination.length);
        }
        System.arraycopy(values, 0, destination, 0, values.length);
    }

    /**
     * @param dims dimensions to compare with
     * @return whether this tensor has exactly these dimensions
     */
    public boolean hasShape(int... dims) {
        return Arrays.equals(shape, dims);
    }

    /** Equal when shapes are equal and the elements have equal bits ({@link Arrays#equals(float[], float[])}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof TensorData other && Arrays.equals(shape, other.shape)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    /** @return {@code TensorData[shape=[2, 3], values=6 floats]} */
    @Override
    public String toString() {
        return "TensorData[shape=" + Arrays.toString(shape) + ", values=" + values.length + " floats]";
    }
}
