package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Sparse initialization, as PyTorch's {@code torch.nn.init.sparse_(tensor, sparsity, std=0.01)}: for a 2-D
 * weight {@code [rows, cols]}, every element is first drawn from {@code N(0, std^2)} (one
 * {@code nextGaussian()} per element, row-major), then in each <em>column</em>
 * <pre>zeros = ceil(sparsity * rows)</pre>
 * elements at random rows are set to 0: per column, in column order, a uniformly random permutation of the
 * row indices (one Fisher-Yates {@link SeededRandom#shuffle}, as PyTorch's {@code randperm}) whose first
 * {@code zeros} entries are zeroed. So every column has exactly {@code zeros} zeros (more only when a
 * Gaussian is exactly 0). {@code ceil} is applied to the {@code double} product as in PyTorch, so
 * {@code sparse(0.07)} on 100 rows zeros {@code ceil(7.000000000000001) = 8} per column, as PyTorch does.
 *
 * <p>PyTorch's {@code sparse_}, an adaptation of J. Martens, "Deep learning via Hessian-free optimization",
 * ICML 2010 (Section 5: each unit gets a fixed number of non-zero incoming weights, 15 in his experiments, drawn
 * from N(0, 1)); PyTorch instead zeroes a fraction of each column and draws the rest with a small std (0.01 by
 * default). Keras, DL4J, DJL and JAX have no equivalent.
 *
 * @param sparsity the fraction of each column set to zero, in {@code [0, 1]}
 * @param std      the standard deviation of the non-zero values, {@code >= 0}
 */
public record SparseInitializer(double sparsity, double std) implements Initializer {

    /**
     * Validates the parameters.
     *
     * @param sparsity the fraction of zeros per column
     * @param std      the standard deviation of the non-zeros
     * @throws IllegalArgumentException if {@code sparsity} is outside {@code [0, 1]} or {@code std < 0}
     */
    public SparseInitializer {
        // -0.0 and 0.0 give the same values here; keep one of them so equal initializers are equal records
        sparsity += 0.0;
        std += 0.0;
        SpecText.requireBetween(SparseProvider.NAME, "sparsity", sparsity, 0, 1);
        SpecText.requireNonNegative(SparseProvider.NAME, "std", std);
    }

    /**
     * Creates PyTorch's default standard deviation, {@code 0.01}.
     *
     * @param sparsity the fraction of each column set to zero, in {@code [0, 1]}
     */
    public SparseInitializer(double sparsity) {
        this(sparsity, 0.01);
    }

    /**
     * Fills {@code values}: Gaussians, then {@code ceil(sparsity * rows)} zeros per column.
     *
     * @param parameter a tensor with exactly 2 dimensions; with no elements this is a no-op
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator
     * @throws IllegalArgumentException if the tensor does not have 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Shapes.requireRank(SparseProvider.NAME, parameter, 2, 2);
        if (values.length == 0) {
            return;
        }
        int rows = parameter.shape().dim(0);
        int cols = parameter.shape().dim(1);
        int zeros = zerosPerColumn(rows);
        Fills.normal(values, 0, std, random);
        int[] permutation = new int[rows];
        for (int col = 0; col < cols; col++) {
            for (int r = 0; r < rows; r++) {
                permutation[r] = r;
            }
            random.shuffle(permutation);
            for (int k = 0; k < zeros; k++) {
                values[permutation[k] * cols + col] = 0f;
            }
        }
    }

    /** PyTorch's {@code int(math.ceil(sparsity * rows))}. */
    int zerosPerColumn(int rows) {
        return (int) Math.ceil(sparsity * rows);
    }

    /**
     * @param parameter a tensor with exactly 2 dimensions
     * @return {@code std * sqrt(1 - zeros / rows)}; empty for no elements
     * @throws IllegalArgumentException if the tensor does not have 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        Shapes.requireRank(SparseProvider.NAME, parameter, 2, 2);
        int rows = parameter.shape().dim(0);
        if (parameter.shape().elementCount() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(std * Math.sqrt(1 - (double) zerosPerColumn(rows) / rows));
    }

    /** @return the canonical spec, e.g. {@code sparse(sparsity=0.9, std=0.1)} */
    @Override
    public String toString() {
        return SpecText.of(SparseProvider.NAME).number("sparsity", sparsity).number("std", std, 0.01).toString();
    }
}
