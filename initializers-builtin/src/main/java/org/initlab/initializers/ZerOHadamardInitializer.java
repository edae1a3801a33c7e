package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * ZerO initialization: deterministic weights made of zeros and ones (up to a normalization), from J. Zhao,
 * F. Schaefer and A. Anandkumar, "ZerO Initialization: Initializing Neural Networks with only Zeros and
 * Ones", TMLR 2022 (Algorithm 1 for matrices, Algorithm 2 for convolutions). For a weight {@code [out, in]}:
 * <pre>out == in: W = I                                  identity
 * out &lt;  in: W = I*  (W[i][i] = 1 for i &lt; out)         partial identity: propagate the first out inputs
 * out &gt;  in: W = c * I* H_m I* = H_m[0:out, 0:in] / sqrt(2^m),   m = ceil(log2(out))</pre>
 * where {@code H_m} is the {@code 2^m x 2^m} Sylvester-Hadamard matrix ({@code H[i][j] = (-1)^popcount(i & j)},
 * the order of {@code scipy.linalg.hadamard}). A convolution weight {@code [out, in, k1, ...]} (3 to 5
 * dimensions) gets that matrix at the centre tap {@code k / 2} of each kernel dimension and 0 elsewhere
 * (Algorithm 2). Draws no randomness.
 *
 * <p><strong>Normalization of the Hadamard case.</strong> The paper's Algorithm 1 writes
 * {@code c = 2^(-(m-1)/2)}; the authors' reference code ({@code ZerO_Init_on_matrix} in
 * {@code example_mnist.ipynb} of github.com/jiaweizzhao/ZerO-initialization, labelled "Algorithm 1 in the
 * paper") divides by {@code 2^(m/2)}, which makes {@code H_m} orthonormal so the columns of {@code W} have
 * norm {@code sqrt(out / 2^m)} in {@code (1/sqrt(2), 1]}. initlab follows the released code; the paper's
 * constant is larger by {@code sqrt(2)}.
 *
 * <p>PyTorch, Keras, DL4J, DJL and JAX have no built-in equivalent (partial identity alone is PyTorch's
 * {@code eye_}).
 */
public record ZerOHadamardInitializer() implements Initializer {

    /**
     * Writes the ZerO matrix (at the centre tap for convolutions) and 0 elsewhere.
     *
     * @param parameter a tensor with 2 to 5 dimensions
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    not used
     * @throws IllegalArgumentException if the tensor has fewer than 2 or more than 5 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        Shapes.requireRank(ZerOHadamardProvider.NAME, parameter, 2, 5);
        Arrays.fill(values, 0f);
        if (values.length == 0) {
            return;
        }
        int out = parameter.shape().dim(0);
        int in = parameter.shape().dim(1);
        int rf = (int) parameter.shape().receptiveField();
        int centre = Shapes.centreOffset(parameter.shape(), k -> k / 2);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                values[(o * in + i) * rf + centre] = (float) entry(out, in, o, i);
            }
        }
    }

    /** The ZerO matrix {@code [out, in]} at row {@code o}, column {@code i}. */
    static double entry(int out, int in, int o, int i) {
        if (out <= in) {
            return o == i ? 1 : 0;
        }
        int m = 32 - Integer.numberOfLeadingZeros(out - 1);
        double c = 1 / Math.sqrt(1L << m);
        return Integer.bitCount(o & i) % 2 == 0 ? c : -c;
    }

    /**
     * @param parameter a tensor with 2 to 5 dimensions
     * @return the standard deviation of the written values; empty for no elements
     * @throws IllegalArgumentException if the tensor has fewer than 2 or more than 5 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        Shapes.requireRank(ZerOHadamardProvider.NAME, parameter, 2, 5);
        int out = parameter.shape().dim(0);
        int in = parameter.shape().dim(1);
        long count = parameter.shape().elementCount();
        if (out <= in || count == 0) {
            return Shapes.populationStd(out, out, count);
        }
        double sum = 0;
        double squares = 0;
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double v = entry(out, in, o, i);
                sum += v;
                squares += v * v;
            }
        }
        return Shapes.populationStd(sum, squares, count);
    }

    /** @return {@code zero-init} */
    @Override
    public String toString() {
        return ZerOHadamardProvider.NAME;
    }
}
