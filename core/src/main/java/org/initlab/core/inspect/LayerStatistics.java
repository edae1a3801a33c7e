package org.initlab.core.inspect;

import java.util.Objects;
import java.util.OptionalDouble;
import org.initlab.core.model.Activation;

/**
 * What one forward and one backward pass of a batch say about one dense layer. Means, standard deviations
 * and second moments are population statistics over all samples and units of the layer together. A value
 * that could not be computed (0/0, overflow) is NaN or infinite; writers turn it into {@code null}.
 *
 * @param index                     position among the dense layers, from 1
 * @param name                      the layer's {@code nn.Sequential} index, which names its parameters
 *                                  ({@code "0"}, {@code "2"}, ...)
 * @param units                     the layer's width
 * @param activation                the activation that follows it ({@link Activation#IDENTITY} for the output
 *                                  layer, whose activations are the logits)
 * @param preactivationMean         mean of {@code z = x W^T + b}
 * @param preactivationStd          standard deviation of {@code z}
 * @param preactivationSecondMoment {@code E[z^2]}, the forward "variance" that variance-preserving
 *                                  initializers keep constant
 * @param activationMean            mean of {@code phi(z)}
 * @param activationStd             standard deviation of {@code phi(z)}
 * @param saturatedFraction         fraction of activations in the flat tails: {@code |tanh| > 0.99}, sigmoid
 *                                  outside {@code [0.01, 0.99]}; 0 for other activations
 * @param deadFraction              ReLU and leaky ReLU: fraction of units whose pre-activation is {@code <= 0}
 *                                  for every sample of the batch (a ReLU that outputs exactly zero for all of
 *                                  them); 0 for other activations
 * @param weightStd                 standard deviation of the weight tensor
 * @param weightStdTheory           the initializer's closed-form standard deviation
 *                                  ({@link org.initlab.spi.Initializer#expectedStd}), empty when unknown
 * @param gradientStd               standard deviation of {@code dL/d phi(z)} (of {@code dL/dlogits} for the
 *                                  output layer), with the mean cross-entropy of the batch as {@code L}
 * @param weightGradientStd         standard deviation of {@code dL/dW}
 * @param varianceRatio             {@code E[z^2]} of this layer over {@code E[z^2]} of the previous dense
 *                                  layer; empty for the first layer
 * @param varianceRatioTheory       the ratio predicted by {@link VarianceTheory#predictedRatio}; empty for
 *                                  the first layer
 * @param symmetricUnits            hidden units whose incoming weights, bias and their gradients are all
 *                                  identical to another unit's (they can never become different); 0 for the
 *                                  output layer, whose units the labels tell apart
 * @param updateRatio               {@code ||W - W_prev|| / ||W_prev||} (Frobenius) against the previous
 *                                  measurement during training; empty at initialization
 */
public record LayerStatistics(int index, String name, int units, Activation activation, double preactivationMean,
                              double preactivationStd, double preactivationSecondMoment, double activationMean,
                              double activationStd, double saturatedFraction, double deadFraction,
                              double weightStd, OptionalDouble weightStdTheory, double gradientStd,
                              double weightGradientStd, OptionalDouble varianceRatio,
                              OptionalDouble varianceRatioTheory, int symmetricUnits, OptionalDouble updateRatio) {

    /** Validates that no component is null. */
    public LayerStatistics {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(weightStdTheory, "weightStdTheory");
        Objects.requireNonNull(varianceRatio, "varianceRatio");
        Objects.requireNonNull(varianceRatioTheory, "varianceRatioTheory");
        Objects.requireNonNull(updateRatio, "updateRatio");
    }

    /** @return whether every statistic that exists is a finite number */
    public boolean finite() {
        return Double.isFinite(preactivationSecondMoment) && Double.isFinite(preactivationMean)
                && Double.isFinite(activationStd) && Double.isFinite(gradientStd) && Double.isFinite(weightGradientStd)
                && Double.isFinite(weightStd);
    }
}
