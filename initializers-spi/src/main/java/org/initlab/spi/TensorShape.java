package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Arrays;
import org.apiguardian.api.API;

/**
 * An immutable tensor shape in PyTorch layout (row-major, last dimension contiguous).
 *
 * <p>A dense weight is {@code [out, in]}, a convolution weight {@code [out, in/groups, k1, k2, ...]}, a bias
 * {@code [out]}.
 */
@API(status = STABLE, since = "0.1")
public final class TensorShape {
    private final int[] dims;

    private TensorShape(int[] dims) {
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor dimensions must be >= 0, got " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    /**
     * Creates a shape.
     *
     * @param dims the dimensions, each {@code >= 0}; the array is copied
     * @return the shape
     */
    public static TensorShape of(int... dims) {
        return new TensorShape(dims.clone());
    }

    /**
     * Parses a comma-separated shape such as {@code 512,784}.
     *
     * @param text the shape text
     * @return the shape
     * @throws IllegalArgumentException if a dimension is not a non-negative integer
     */
    public static TensorShape parse(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            trimmed = trimmed.substring(1, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            return new TensorShape(new int[0]);
        }
        String[] parts = trimmed.split(",", -1);
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                String digits = parts[i].strip();
                if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new NumberFormatException(digits);
                }
                dims[i] = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad shape '" + text + "': '" + parts[i].strip()
                        + "' is not a non-negative integer");
            }
        }
        return new TensorShape(dims);
    }

    /** @return the number of dimensions */
    public int rank() {
        return dims.length;
    }

    /**
     * @param index dimension index, {@code 0 <= index < rank()}
     * @return the size of that dimension
     */
    public int dim(int index) {
        return dims[index];
    }

    /** @return a copy of the dimensions */
    public int[] dims() {
        return dims.clone();
    }

    /** @return the number of elements, the product of all dimensions (1 for a scalar shape) */
    public long elementCount() {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** @return the product of the dimensions after the first two (the receptive field of a convolution) */
    public long receptiveField() {
        long n = 1;
        for (int i = 2; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorShape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** @return the shape as {@code [d0, d1, ...]} */
    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
