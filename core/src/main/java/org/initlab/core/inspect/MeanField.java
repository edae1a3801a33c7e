package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import org.apiguardian.api.API;

import org.initlab.core.model.Activation;

/**
 * Mean-field signal propagation through a deep fully connected network at initialization (Poole, Lahiri,
 * Raghu, Sohl-Dickstein and Ganguli 2016; Schoenholz, Gilmer, Ganguli and Sohl-Dickstein 2017), for weights
 * {@code W ~ N(0, sigma_w^2 / fan_in)} and biases {@code b ~ N(0, sigma_b^2)} in the limit of wide layers.
 *
 * <p>The pre-activation second moment follows the length map
 * {@code q_{l+1} = sigma_w^2 E[phi(sqrt(q_l) Z)^2] + sigma_b^2} ({@code Z ~ N(0, 1)}), whose fixed point
 * {@code q*} the signal settles at. At that fixed point
 * {@code chi_1 = sigma_w^2 E[phi'(sqrt(q*) Z)^2]} is the mean squared singular value of a layer's Jacobian:
 * it multiplies the squared length of a back-propagated gradient (and the distance between two nearby inputs)
 * per layer. {@code chi_1 < 1} is the ordered phase (gradients vanish), {@code chi_1 > 1} the chaotic phase
 * (gradients explode, nearby inputs decorrelate), {@code chi_1 = 1} the edge of chaos. For tanh with
 * {@code sigma_b = 0} the edge is {@code sigma_w = 1} (where {@code q* = 0}); PyTorch's gain 5/3 gives
 * {@code q* = 1.18} and {@code chi_1 = 1.21}.
 *
 * <p>{@link #preservingGain(Activation)} is the gain that keeps the second moment of unit-variance
 * pre-activations: {@code 1 / sqrt(E[phi(Z)^2])}, the generalization of He et al.'s (2015) {@code sqrt(2)} to
 * any activation. Gaussian expectations are computed by the same Simpson quadrature as {@link VarianceTheory}.
 */
@API(status = EXPERIMENTAL)
public final class MeanField {
    private static final double RANGE = 10;
    private static final int INTERVALS = 4000;
    private static final int MAX_ITERATIONS = 10_000;

    private MeanField() {
    }

    /**
     * The gain {@code g} for which {@code W ~ N(0, g^2 / fan_in)} keeps {@code E[z^2] = 1} from layer to layer:
     * {@code 1 / sqrt(E[phi(Z)^2])}: sqrt(2) for ReLU, 1.533 for GELU, 1.245 for ELU, 1.593 for tanh, 1 for
     * SELU and the identity.
     *
     * @param activation the activation after the layer
     * @return the gain
     */
    public static double preservingGain(Activation activation) {
        return 1 / Math.sqrt(secondMoment(activation, 1));
    }

    /**
     * The slope {@code d q_{l+1} / d q_l} of the length map at its fixed point {@code q* = 1} under
     * {@link #preservingGain}: below 1 the fixed point attracts (a signal that starts above or below unit
     * variance returns to it: ELU 0.891, tanh 0.461), above 1 it repels (GELU 1.144: a first layer with
     * {@code E[z^2] < 1}, as unnormalized pixels give, keeps shrinking, one with {@code E[z^2] > 1} keeps
     * growing). 1 for the scale-free identity, ReLU and leaky ReLU, whose every {@code q} is a fixed point.
     *
     * @param activation the activation
     * @return the slope, by a central difference of step 1e-4
     */
    public static double fixedPointSlope(Activation activation) {
        double g2 = 1 / secondMoment(activation, 1);
        double h = 1e-4;
        return g2 * (secondMoment(activation, 1 + h) - secondMoment(activation, 1 - h)) / (2 * h);
    }

    /**
     * {@code E[phi(sqrt(q) Z)^2]} for a standard normal {@code Z}.
     *
     * @param activation the activation
     * @param q          the input's second moment, {@code >= 0}
     * @return the output's second moment
     */
    public static double secondMoment(Activation activation, double q) {
        return gaussian(activation, q, false);
    }

    /**
     * The fixed point of the length map, found by iterating it from {@code q = 1} until it changes by less than
     * 1e-12 relative, or after 10,000 steps: at the edge of chaos of tanh ({@code sigma_w = 1, sigma_b = 0})
     * {@code q} approaches its fixed point 0 only like {@code 1/(2l)}, and the result is then about 5e-5.
     *
     * @param activation the activation
     * @param sigmaW     the weight gain {@code sigma_w > 0}
     * @param sigmaB     the bias std {@code sigma_b >= 0}
     * @return {@code q*}
     * @throws IllegalArgumentException if a parameter is negative or not finite
     */
    public static double fixedPoint(Activation activation, double sigmaW, double sigmaB) {
        if (!(sigmaW > 0) || !Double.isFinite(sigmaW) || !(sigmaB >= 0) || !Double.isFinite(sigmaB)) {
            throw new IllegalArgumentException("mean-field fixed point needs sigma_w > 0 and sigma_b >= 0, got "
                    + sigmaW + " and " + sigmaB);
        }
        double q = 1;
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            double next = sigmaW * sigmaW * secondMoment(activation, q) + sigmaB * sigmaB;
            if (Math.abs(next - q) <= 1e-12 * Math.max(q, 1e-300) || !Double.isFinite(next)) {
                return next;
            }
            q = next;
        }
        return q;
    }

    /**
     * {@code chi_1 = sigma_w^2 E[phi'(sqrt(q) Z)^2]}, the per-layer factor of a back-propagated gradient's
     * squared length at second moment {@code q}.
     *
     * @param activation the activation
     * @param sigmaW     the weight gain
     * @param q          the pre-activation second moment, usually {@link #fixedPoint}
     * @return {@code chi_1}
     */
    public static double chi1(Activation activation, double sigmaW, double q) {
        return sigmaW * sigmaW * gaussian(activation, q, true);
    }

    private static double gaussian(Activation activation, double q, boolean derivative) {
        double s = Math.sqrt(Math.max(q, 0));
        double h = 2 * RANGE / INTERVALS;
        double sum = 0;
        for (int k = 0; k <= INTERVALS; k++) {
            double z = -RANGE + k * h;
            double x = s * z;
            double y = activation.apply(x);
            double v = derivative ? activation.derivative(x, y) : y;
            double weight = k == 0 || k == INTERVALS ? 1 : k % 2 == 1 ? 4 : 2;
            sum += weight * v * v * Math.exp(-0.5 * z * z);
        }
        return sum * h / 3 / Math.sqrt(2 * Math.PI);
    }
}
