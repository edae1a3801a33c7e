package org.initlab.initializers;

import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * A (semi-)orthogonal matrix times {@code gain}, as PyTorch's {@code torch.nn.init.orthogonal_(tensor,
 * gain=1)}: the tensor is viewed as a matrix {@code W} of {@code rows = shape[0]} and
 * {@code cols = numel / rows} (the other dimensions flattened, row-major), and
 * <pre>A ~ N(0, 1)^(rows x cols); transpose A when rows &lt; cols
 * A = QR (reduced);  Q = Q * sign(diag(R));  transpose Q back;  W = gain * Q</pre>
 * so {@code W W^T = gain^2 I} when {@code rows <= cols} (orthonormal rows) and {@code W^T W = gain^2 I}
 * otherwise. The sign correction makes {@code Q} Haar distributed (Mezzadri 2007). One
 * {@code nextGaussian()} per element, in row-major order of {@code A}; the QR decomposition is EJML's
 * Householder QR in {@code double}. Entries have mean 0 and root mean square
 * {@code gain / sqrt(max(rows, cols))}.
 *
 * <p>From A. M. Saxe, J. L. McClelland and S. Ganguli, "Exact solutions to the nonlinear dynamics of learning
 * in deep linear neural networks", ICLR 2014. Keras' {@code Orthogonal(gain)} flattens all but the
 * <em>last</em> dimension (its HWIO layout), JAX's {@code orthogonal(scale, column_axis=-1)} likewise; DL4J
 * offers it as {@code OrthogonalDistribution}; DJL has none.
 *
 * @param gain the scaling factor, {@code >= 0}
 */
public record OrthogonalInitializer(double gain) implements Initializer {

    /**
     * Validates the gain.
     *
     * @param gain the scaling factor
     * @throws IllegalArgumentException if {@code gain} is negative or not finite
     */
    public OrthogonalInitializer {
        // -0.0 and 0.0 give the same values here; keep one of them so equal initializers are equal records
        gain += 0.0;
        SpecText.requireNonNegative(OrthogonalProvider.NAME, "gain", gain);
    }

    /** Creates the default, {@code gain = 1}. */
    public OrthogonalInitializer() {
        this(1);
    }

    /**
     * Fills {@code values} with a random (semi-)orthogonal matrix times {@code gain}.
     *
     * @param parameter a tensor with at least 2 dimensions; with no elements this is a no-op
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextGaussian()} per element
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Shapes.requireRank(OrthogonalProvider.NAME, parameter, 2, Shapes.UNBOUNDED);
        if (values.length == 0) {
            return;
        }
        int rows = parameter.shape().dim(0);
        double[] q = OrthogonalMatrices.random(rows, values.length / rows, random);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (gain * q[i]);
        }
    }

    /**
     * @param parameter a tensor with at least 2 dimensions
     * @return {@code gain / sqrt(max(rows, cols))}, the root mean square of the entries; empty for no elements
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        Shapes.requireRank(OrthogonalProvider.NAME, parameter, 2, Shapes.UNBOUNDED);
        long n = parameter.shape().elementCount();
        if (n == 0) {
            return OptionalDouble.empty();
        }
        long rows = parameter.shape().dim(0);
        return OptionalDouble.of(gain / Math.sqrt(Math.max(rows, n / rows)));
    }

    /** @return the canonical spec, e.g. {@code orthogonal(gain=2)} */
    @Override
    public String toString() {
        return SpecText.of(OrthogonalProvider.NAME).number("gain", gain, 1).toString();
    }
}
