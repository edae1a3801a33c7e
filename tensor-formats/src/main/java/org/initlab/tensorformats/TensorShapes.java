package org.initlab.tensorformats;

import java.util.Arrays;

/** The shape rule the tensor records share: non-negative dimensions whose product is the element count. */
final class TensorShapes {
    private TensorShapes() {
    }

    /**
     * @param shape    the dimensions
     * @param elements the number of elements given
     * @throws IllegalArgumentException if a dimension is negative or the count does not match the shape
     */
    static void checkElementCount(int[] shape, int elements) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor dimensions must be >= 0, got " + Arrays.toString(shape));
            }
            count *= d;
        }
        if (count != elements) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + count
                    + " values, got " + elements);
        }
    }
}
