package org.initlab.tensorformats;

import java.util.Arrays;

/**
 * A dense {@code int64} tensor to write as safetensors dtype {@code I64}: PyTorch keeps counters such as batch
 * normalization's {@code num_batches_tracked} (a scalar, shape {@code []}) as {@code torch.long}, and
 * {@code load_state_dict(strict=True)} wants them with that shape. Immutable: the constructor and the accessors
 * copy.
 *
 * @param shape  the dimensions, each {@code >= 0}; empty for a scalar
 * @param values the elements in row-major order, {@code product(shape)} of them (1 for a scalar)
 */
public record Int64Tensor(int[] shape, long[] values) {
    /**
     * Validates and copies.
     *
     * @param shape  the dimensions
     * @param values the elements
     * @throws IllegalArgumentException if a dimension is negative or the count does not match the shape
     */
    public Int64Tensor {
        shape = shape.clone();
        values = values.clone();
        TensorShapes.checkElementCount(shape, values.length);
    }

    /**
     * @param value the value
     * @return a scalar (shape {@code []}) holding it
     */
    public static Int64Tensor scalar(long value) {
        return new Int64Tensor(new int[0], new long[] {value});
    }

    /** @return a copy of the dimensions */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** @return a copy of the elements */
    @Override
    public long[] values() {
        return values.clone();
    }

    /** Equal when shapes and elements are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Int64Tensor other && Arrays.equals(shape, other.shape)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    /** @return {@code Int64Tensor[shape=[], values=[0]]} */
    @Override
    public String toString() {
        return "Int64Tensor[shape=" + Arrays.toString(shape) + ", values=" + Arrays.toString(values) + "]";
    }
}
