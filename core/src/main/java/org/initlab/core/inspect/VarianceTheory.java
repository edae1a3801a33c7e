package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.initlab.core.model.Activation;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;

/**
 * The mean-field prediction of how the second moment of pre-activations changes from one weighted (dense or
 * convolution) layer to the next (LeCun et al. 1998, Glorot and Bengio 2010, He et al. 2015, Poole et al. 2016).
 *
 * <p>For layer {@code l} with weights {@code W} (fan-in {@code n}) and biases {@code b} fed by
 * {@code a = phi(z')} of the previous layer, and weights independent of their zero-mean inputs,
 * {@code E[z^2] = n E[W^2] E[phi(z')^2] + E[b^2]}. Assuming {@code z'} is Gaussian,
 * {@code z' ~ N(0, q)} with {@code q = E[z'^2]} as measured, the predicted ratio is
 *
 * <pre>
 *   E[z^2] / E[z'^2]  =  n * E[W^2] * c(phi, q)  +  E[b^2] / q,      c(phi, q) = E[phi(sqrt(q) Z)^2] / q,  Z ~ N(0, 1)
 * </pre>
 *
 * <p>{@code c} is closed-form for the scale-free activations (identity 1, ReLU 1/2, leaky ReLU with slope a
 * {@code (1 + a^2) / 2}); for tanh, sigmoid, SELU, GELU (both forms), ELU, SiLU and Mish it depends on {@code q} and is computed by
 * composite Simpson quadrature of the Gaussian integral on {@code [-10, 10]} with 4,000 intervals
 * (deterministic, accurate to about 1e-9 for these functions). {@code E[W^2]} is the measured second moment
 * of the weights ({@code Var(W)} for the usual zero-mean initializers), so the prediction tests the
 * propagation law rather than the sampler. With He's {@code Var(W) = 2/n} and ReLU the ratio is 1; with
 * Glorot's {@code Var(W) = 2/(n + m)} and {@code n = m} it is 1/2.
 *
 * <h2>Convolutional networks</h2>
 * The same law holds for a convolution with {@code n = in/groups * k^2} (PyTorch's fan-in), because every
 * output value is a weighted sum of {@code n} inputs, and for any layers between two weighted layers if
 * {@code x} is taken as the next weighted layer's <em>input</em> (after pooling and flatten), not the
 * activation itself: {@code E[z^2] = n E[W^2] E[x^2] + E[b^2]}. So {@link #predictedRatio(double, double,
 * double, double, double)} takes a predicted {@code E[x^2]}, which diagnostics build by following the
 * previous layer's pre-activations through the layers in between: an activation multiplies the second
 * moment by its Gaussian gain {@code c(phi, q)} (predicted, as above); batch normalization and pooling multiply
 * it by their measured factor {@code E[out^2] / E[in^2]} (batch normalization makes it 1 by construction; what
 * max or average pooling does depends on how correlated neighbouring positions are, which mean-field theory
 * does not model); flatten and dropout (the identity in diagnostics) leave it alone. Two corrections make the
 * law exact in expectation over the weights for a convolution: zero padding feeds zeros to the border
 * outputs, so their sums have fewer non-zero terms ({@link #convolutionFanIn} is the fan-in averaged over
 * output positions), and a convolution reads central inputs more often than border ones, so diagnostics scale
 * the predicted {@code E[x^2]} by the measured ratio of {@link #secondMomentAsRead} to the plain
 * {@code E[x^2]} (1 for a dense layer, and for a map whose second moment is the same everywhere).
 *
 * <p>The law holds on average over weight draws. A layer's realized ratio scatters around it, the more so the
 * fewer its units and the more correlated its inputs (neighbouring pixels, the positive mean of ReLU
 * outputs): a convolution with few filters and a small fan-in can differ from the prediction by tens of
 * percent for one draw.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class VarianceTheory {
    private static final double RANGE = 10;
    private static final int INTERVALS = 4000;

    private VarianceTheory() {
    }

    /**
     * {@code c(phi, q) = E[phi(sqrt(q) Z)^2] / q} for a standard normal {@code Z}.
     *
     * @param activation    the activation {@code phi}
     * @param secondMoment  {@code q > 0}, the second moment of its Gaussian input
     * @return the gain, NaN when {@code q} is not a positive finite number
     */
    public static double gain(Activation activation, double secondMoment) {
        if (!(secondMoment > 0) || !Double.isFinite(secondMoment)) {
            return Double.NaN;
        }
        return switch (activation) {
            case IDENTITY -> 1;
            case RELU -> 0.5;
            case LEAKY_RELU -> (1 + Activation.LEAKY_SLOPE * Activation.LEAKY_SLOPE) / 2;
            default -> gaussianSecondMoment(activation, Math.sqrt(secondMoment)) / secondMoment;
        };
    }

    /**
     * The predicted ratio of a layer's pre-activation second moment to the previous layer's.
     *
     * @param fanIn                the layer's fan-in {@code n}
     * @param weightSecondMoment   {@code E[W^2]} of its weights
     * @param biasSecondMoment     {@code E[b^2]} of its biases
     * @param previous             the activation between the previous layer and this one
     * @param previousSecondMoment {@code q = E[z'^2]} of the previous layer's pre-activations
     * @return {@code n E[W^2] c(phi, q) + E[b^2] / q}, NaN when {@code q} is not positive and finite
     */
    public static double predictedRatio(long fanIn, double weightSecondMoment, double biasSecondMoment,
                                        Activation previous, double previousSecondMoment) {
        double c = gain(previous, previousSecondMoment);
        return fanIn * weightSecondMoment * c + biasSecondMoment / previousSecondMoment;
    }

    /**
     * The predicted ratio of a layer's pre-activation second moment to the previous weighted layer's, from the
     * predicted second moment of the layer's input.
     *
     * @param fanIn                the layer's (effective) fan-in {@code n}
     * @param weightSecondMoment   {@code E[W^2]} of its weights
     * @param biasSecondMoment     {@code E[b^2]} of its biases
     * @param inputSecondMoment    the predicted {@code E[x^2]} of its input
     * @param previousSecondMoment {@code q = E[z'^2]} of the previous weighted layer's pre-activations
     * @return {@code (n E[W^2] E[x^2] + E[b^2]) / q}, NaN when {@code q} is not positive and finite
     */
    public static double predictedRatio(double fanIn, double weightSecondMoment, double biasSecondMoment,
                                        double inputSecondMoment, double previousSecondMoment) {
        if (!(previousSecondMoment > 0) || !Double.isFinite(previousSecondMoment)) {
            return Double.NaN;
        }
        return (fanIn * weightSecondMoment * inputSecondMoment + biasSecondMoment) / previousSecondMoment;
    }

    /**
     * The fan-in of a convolution averaged over its output positions: {@code in/groups * k^2} times the share
     * of kernel taps that fall inside the input rather than on zero padding (1 without padding).
     *
     * @param layer the convolution
     * @param input its input shape
     * @return the mean number of input values (not padding) each output sums
     * @throws IllegalArgumentException when the input does not fit the layer
     */
    public static double convolutionFanIn(Conv2dLayer layer, FeatureShape input) {
        FeatureShape output = layer.outputShape(input);
        double rows = coverage(input.height(), output.height(), layer);
        double columns = coverage(input.width(), output.width(), layer);
        return (double) layer.inChannels() / layer.groups() * layer.kernel() * layer.kernel() * rows * columns;
    }

    private static double coverage(int side, int outSide, Conv2dLayer layer) {
        long inside = 0;
        for (long reads : reads(side, outSide, layer)) {
            inside += reads;
        }
        return (double) inside / ((long) outSide * layer.kernel());
    }

    /** @return per input position along one side, how many (output position, kernel tap) pairs read it */
    private static long[] reads(int side, int outSide, Conv2dLayer layer) {
        long[] reads = new long[side];
        for (int i = 0; i < outSide; i++) {
            for (int u = 0; u < layer.kernel(); u++) {
                int position = i * layer.stride() + u - layer.padding();
                if (position >= 0 && position < side) {
                    reads[position]++;
                }
            }
        }
        return reads;
    }

    /**
     * The second moment of a convolution's input as the convolution reads it: every input value weighted by
     * the number of (output position, kernel tap) pairs that read it. Without padding the border of a map is
     * read less often than its centre; when the centre carries more signal (centred digits) the plain
     * {@code E[x^2]} underestimates what the sums see. For zero-mean weights drawn independently of the
     * input, {@code E_W[E[z^2]] = convolutionFanIn * E[W^2] * secondMomentAsRead + E[b^2]} exactly.
     *
     * @param layer the convolution
     * @param input its input shape
     * @param x     its input values, {@code [batch, C, H, W]}
     * @return the read-weighted {@code E[x^2]}
     * @throws IllegalArgumentException when the input does not fit the layer
     */
    public static double secondMomentAsRead(Conv2dLayer layer, FeatureShape input, double[] x) {
        FeatureShape output = layer.outputShape(input);
        long[] rows = reads(input.height(), output.height(), layer);
        long[] columns = reads(input.width(), output.width(), layer);
        int plane = input.height() * input.width();
        double sum = 0;
        double weights = 0;
        for (int y = 0; y < input.height(); y++) {
            for (int c = 0; c < input.width(); c++) {
                double weight = (double) rows[y] * columns[c];
                if (weight == 0) {
                    continue;
                }
                double squares = 0;
                for (int k = y * input.width() + c; k < x.length; k += plane) {
                    squares += x[k] * x[k];
                }
                sum += weight * squares;
                weights += weight;
            }
        }
        return sum / (weights * (x.length / plane));
    }

    /**
     * {@code E[phi(s Z)^2]} by composite Simpson quadrature against the standard normal density.
     *
     * @param activation the activation
     * @param scale      {@code s}
     * @return the second moment
     */
    static double gaussianSecondMoment(Activation activation, double scale) {
        double h = 2 * RANGE / INTERVALS;
        double sum = 0;
        for (int k = 0; k <= INTERVALS; k++) {
            double z = -RANGE + k * h;
            double y = activation.apply(scale * z);
            double f = y * y * Math.exp(-0.5 * z * z);
            double weight = k == 0 || k == INTERVALS ? 1 : k % 2 == 1 ? 4 : 2;
            sum += weight * f;
        }
        return sum * h / 3 / Math.sqrt(2 * Math.PI);
    }
}
