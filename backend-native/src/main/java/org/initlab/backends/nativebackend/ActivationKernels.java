package org.initlab.backends.nativebackend;

import org.initlab.core.model.Activation;

/**
 * Element-wise activations and their derivatives over row ranges, one tight loop per kind (the kind is
 * switched on once per row, never per element). Values are float; transcendental functions are evaluated
 * in double and rounded once, except the exact GELU's, which {@link GeluKernels} computes in float (vectorized
 * where the Vector API is present) within {@code 1e-7 (1 + |y|)}. The definitions are those of
 * {@link Activation}, except that ReLU passes NaN through as PyTorch does, so that a diverged network shows a
 * non-finite loss.
 */
final class ActivationKernels {
    private static final float LEAKY_SLOPE = (float) Activation.LEAKY_SLOPE;
    private static final double SELU_SCALE = Activation.SELU_SCALE;
    private static final double SELU_SCALE_ALPHA = Activation.SELU_SCALE * Activation.SELU_ALPHA;
    private static final float SELU_SCALE_F = (float) Activation.SELU_SCALE;
    private static final double GELU_C = Activation.GELU_TANH_SCALE;
    private static final double GELU_K = Activation.GELU_TANH_CUBIC;

    private ActivationKernels() {
    }

    /**
     * {@code out[r][j] = f(in[r][j])} for {@code r} in {@code [r0, r1)} and {@code j} in {@code [0, width)}.
     *
     * @param f     the activation
     * @param in    pre-activation rows
     * @param out   activation rows
     * @param r0    first row
     * @param r1    end of rows
     * @param width the number of columns
     */
    static void forward(Activation f, float[][] in, float[][] out, int r0, int r1, int width) {
        for (int r = r0; r < r1; r++) {
            float[] x = in[r];
            float[] y = out[r];
            switch (f) {
                case RELU -> relu(x, y, 0, width);
                case LEAKY_RELU -> {
                    for (int j = 0; j < width; j++) {
                        float v = x[j];
                        y[j] = v * select(v, 1f, LEAKY_SLOPE);
                    }
                }
                case TANH -> {
                    for (int j = 0; j < width; j++) {
                        y[j] = (float) Math.tanh(x[j]);
                    }
                }
                case SIGMOID -> {
                    for (int j = 0; j < width; j++) {
                        y[j] = (float) (1 / (1 + Math.exp(-x[j])));
                    }
                }
                case SELU -> {
                    for (int j = 0; j < width; j++) {
                        double v = x[j];
                        y[j] = (float) (v > 0 ? SELU_SCALE * v : SELU_SCALE_ALPHA * Math.expm1(v));
                    }
                }
                case GELU -> GeluKernels.forward(x, y, width);
                case ELU -> {
                    for (int j = 0; j < width; j++) {
                        double v = x[j];
                        y[j] = (float) (v > 0 ? v : Math.expm1(v));
                    }
                }
                case GELU_TANH -> {
                    for (int j = 0; j < width; j++) {
                        double v = x[j];
                        y[j] = (float) (0.5 * v * (1 + Math.tanh(GELU_C * (v + GELU_K * v * v * v))));
                    }
                }
                case SILU -> {
                    for (int j = 0; j < width; j++) {
                        double v = x[j];
                        y[j] = (float) (v / (1 + Math.exp(-v)));
                    }
                }
                case MISH -> {
                    for (int j = 0; j < width; j++) {
                        double v = x[j];
                        y[j] = (float) (v * Math.tanh(Activation.softplus(v)));
                    }
                }
                case IDENTITY -> System.arraycopy(x, 0, y, 0, width);
                default -> throw new IllegalArgumentException("the native backend does not implement " + f);
            }
        }
    }

    /**
     * {@code dIn[r][j] = dOut[r][j] * f'(in[r][j])}, using the stored activation {@code out} where the
     * derivative is cheaper from it (tanh, sigmoid, SELU, ELU).
     *
     * @param f     the activation
     * @param in    pre-activation rows
     * @param out   activation rows
     * @param dOut  gradient with respect to the activation
     * @param dIn   receives the gradient with respect to the pre-activation
     * @param r0    first row
     * @param r1    end of rows
     * @param width the number of columns
     */
    static void backward(Activation f, float[][] in, float[][] out, float[][] dOut, float[][] dIn, int r0, int r1,
                         int width) {
        for (int r = r0; r < r1; r++) {
            float[] x = in[r];
            float[] y = out[r];
            float[] dy = dOut[r];
            float[] dx = dIn[r];
            switch (f) {
                case RELU -> reluBackward(x, dy, dx, 0, width);
                case LEAKY_RELU -> {
                    for (int j = 0; j < width; j++) {
                        dx[j] = dy[j] * select(x[j], 1f, LEAKY_SLOPE);
                    }
                }
                case TANH -> {
                    for (int j = 0; j < width; j++) {
                        float v = y[j];
                        dx[j] = dy[j] * (1 - v * v);
                    }
                }
                case SIGMOID -> {
                    for (int j = 0; j < width; j++) {
                        float v = y[j];
                        dx[j] = dy[j] * (v * (1 - v));
                    }
                }
                case SELU -> {
                    for (int j = 0; j < width; j++) {
                        dx[j] = dy[j] * select(x[j], SELU_SCALE_F, (float) (y[j] + SELU_SCALE_ALPHA));
                    }
                }
                case GELU -> GeluKernels.backward(x, dy, dx, width);
                case ELU -> {
                    for (int j = 0; j < width; j++) {
                        dx[j] = dy[j] * select(x[j], 1f, y[j] + 1);
                    }
                }
                case GELU_TANH -> {
                    for (int j = 0; j < width; j++) {
                        double v = x[j];
                        double t = Math.tanh(GELU_C * (v + GELU_K * v * v * v));
                        dx[j] = (float) (dy[j] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * GELU_K * v * v)));
                    }
                }
                case SILU -> {
                    for (int j = 0; j < width; j++) {
                        double v = x[j];
                        double s = 1 / (1 + Math.exp(-v));
                        dx[j] = (float) (dy[j] * (s * (1 + v * (1 - s))));
                    }
                }
                case MISH -> {
                    for (int j = 0; j < width; j++) {
                        double v = x[j];
                        double t = Math.tanh(Activation.softplus(v));
                        dx[j] = (float) (dy[j] * (t + v * (1 - t * t) / (1 + Math.exp(-v))));
                    }
                }
                case IDENTITY -> System.arraycopy(dy, 0, dx, 0, width);
                default -> throw new IllegalArgumentException("the native backend does not implement " + f);
            }
        }
    }

    /**
     * ReLU over columns {@code [from, to)} of one row: {@code y = max(x, 0)} (NaN passes through).
     *
     * @param x    pre-activation row
     * @param y    activation row
     * @param from first column
     * @param to   end of columns
     */
    static void relu(float[] x, float[] y, int from, int to) {
        if (Kernels.vectorActive()) {
            VectorRelu.forward(x, y, from, to);
            return;
        }
        for (int j = from; j < to; j++) {
            y[j] = Math.max(x[j], 0f);
        }
    }

    /**
     * ReLU's backward pass over columns {@code [from, to)} of one row: {@code dx = x > 0 ? dy : 0}.
     *
     * @param x    pre-activation row
     * @param dy   gradient with respect to the activation
     * @param dx   receives the gradient with respect to the pre-activation
     * @param from first column
     * @param to   end of columns
     */
    static void reluBackward(float[] x, float[] dy, float[] dx, int from, int to) {
        if (Kernels.vectorActive()) {
            VectorRelu.backward(x, dy, dx, from, to);
            return;
        }
        for (int j = from; j < to; j++) {
            dx[j] = Float.intBitsToFloat(Float.floatToRawIntBits(dy[j]) & positiveMask(x[j]));
        }
    }

    /**
     * Branch-free {@code x > 0 ? -1 : 0} as a bit mask (all ones or zero): the sign of a pre-activation is
     * random, so a branch would be mispredicted half the time, and C2 cannot vectorize a float select.
     *
     * @param x any float; {@code -0.0} counts as not positive, a NaN as positive unless its sign bit is set
     * @return {@code -1} when the bits of {@code x} are in {@code [1, 0x7fffffff]}, else {@code 0}
     */
    static int positiveMask(float x) {
        int bits = Float.floatToRawIntBits(x);
        return ~((bits - 1) | bits) >> 31;
    }

    /**
     * @param x           the value whose sign decides
     * @param positive    returned when {@code x > 0}
     * @param notPositive returned otherwise
     * @return one of the two, chosen without a branch
     */
    static float select(float x, float positive, float notPositive) {
        int mask = positiveMask(x);
        return Float.intBitsToFloat(Float.floatToRawIntBits(positive) & mask
                | Float.floatToRawIntBits(notPositive) & ~mask);
    }
}
