package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Delta-orthogonal initialization of a convolution weight {@code [out, in, k1, ...]} (3, 4 or 5 dimensions),
 * as JAX's {@code jax.nn.initializers.delta_orthogonal(scale=1)}: every tap is zero except the centre one,
 * which holds a random orthogonal {@code [out, in]} matrix times {@code gain},
 * <pre>W[:, :, c1, c2, ...] = gain * M,   c = (k - 1) / 2 (integer division),   M^T M = I_in</pre>
 * where {@code M} is drawn as {@code orthogonal} draws an {@code [out, in]} matrix ({@code out * in}
 * {@code nextGaussian()}s, QR, sign correction), so it has orthonormal columns. Requires
 * {@code out >= in}, as JAX does ({@code fan_in <= fan_out}); the convolution is then an isometry at
 * initialization. The centre is JAX's {@code (k - 1) / 2}: for odd kernels the middle tap, for even ones the
 * tap left of the middle (PyTorch's {@code dirac_} uses {@code k / 2}, the one right of it).
 *
 * <p>From L. Xiao, Y. Bahri, J. Sohl-Dickstein, S. S. Schoenholz and J. Pennington, "Dynamical Isometry and a
 * Mean Field Theory of CNNs: How to Train 10,000-Layer Vanilla Convolutional Neural Networks", ICML 2018
 * (Algorithm 2). PyTorch, Keras, DL4J and DJL have no built-in equivalent.
 *
 * @param gain the scaling factor, {@code >= 0}
 */
public record DeltaOrthogonalInitializer(double gain) implements Initializer {

    /**
     * Validates the gain.
     *
     * @param gain the scaling factor
     * @throws IllegalArgumentException if {@code gain} is negative or not finite
     */
    public DeltaOrthogonalInitializer {
        // -0.0 and 0.0 give the same values here; keep one of them so equal initializers are equal records
        gain += 0.0;
        SpecText.requireNonNegative(DeltaOrthogonalProvider.NAME, "gain", gain);
    }

    /** Creates the default, {@code gain = 1}. */
    public DeltaOrthogonalInitializer() {
        this(1);
    }

    /**
     * Writes {@code gain * M} to the centre tap and 0 elsewhere.
     *
     * @param parameter a tensor with 3, 4 or 5 dimensions and {@code shape[0] >= shape[1]}; with no elements this
     *                  is a no-op
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; {@code out * in} {@code nextGaussian()}s
     * @throws IllegalArgumentException if the tensor does not have 3 to 5 dimensions or has fewer out than in
     *                                  channels
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        check(parameter);
        Arrays.fill(values, 0f);
        if (values.length == 0) {
            return;
        }
        int out = parameter.shape().dim(0);
        int in = parameter.shape().dim(1);
        int rf = (int) parameter.shape().receptiveField();
        int centre = Shapes.centreOffset(parameter.shape(), k -> (k - 1) / 2);
        double[] m = OrthogonalMatrices.random(out, in, random);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                values[(o * in + i) * rf + centre] = (float) (gain * m[o * in + i]);
            }
        }
    }

    /**
     * @param parameter a tensor with 3, 4 or 5 dimensions and {@code shape[0] >= shape[1]}
     * @return {@code gain / sqrt(out * rf)}, the root mean square of the entries (the centre tap holds
     *         {@code in} unit columns); empty for no elements
     * @throws IllegalArgumentException as {@link #initialize}
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        check(parameter);
        if (parameter.shape().elementCount() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(gain / Math.sqrt((double) parameter.shape().dim(0)
                * parameter.shape().receptiveField()));
    }

    private static void check(ParameterSpec parameter) {
        Shapes.requireRank(DeltaOrthogonalProvider.NAME, parameter, 3, 5);
        if (parameter.shape().dim(0) < parameter.shape().dim(1)) {
            throw Shapes.shapeError(DeltaOrthogonalProvider.NAME,
                    "at least as many out channels (dimension 0) as in channels (dimension 1)", parameter);
        }
    }

    /** @return the canonical spec, e.g. {@code delta-orthogonal(gain=2)} */
    @Override
    public String toString() {
        return SpecText.of(DeltaOrthogonalProvider.NAME).number("gain", gain, 1).toString();
    }
}
