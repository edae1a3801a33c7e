package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import java.util.OptionalDouble;
import org.apiguardian.api.API;
import org.initlab.core.model.Activation;
import org.initlab.spi.LayerKind;

/**
 * What one forward and one backward pass of a batch say about one weighted layer (dense or convolution) and
 * the layers that follow it up to the next weighted layer (its stage, see {@link
 * org.initlab.core.host.Stage}). Means, standard deviations and second moments are population statistics over
 * all samples, units and positions of a tensor together. A value that could not be computed (0/0, overflow)
 * is NaN or infinite; writers turn it into {@code null}.
 *
 * <p>The "activation" of a stage is its output {@code x}: the input of the next weighted layer (after the
 * activation, batch normalization, pooling and flatten) or the logits for the last stage. That is the
 * {@code x} of the variance law {@code E[z_next^2] = fan_in E[W^2] E[x^2] + E[b^2]}; for a dense layer
 * followed by an activation it is {@code phi(z)}.
 *
 * @param index                     position among the weighted layers, from 1
 * @param name                      the layer's {@code nn.Sequential} index, which names its parameters
 *                                  ({@code "0"}, {@code "2"}, ...)
 * @param description               what the stage is, e.g. {@code dense 784->512} or
 *                                  {@code conv5x5 1->16 + bn + maxpool2} (see {@link
 *                                  org.initlab.core.host.Stage#description()})
 * @param kind                      {@link LayerKind#DENSE} or {@link LayerKind#CONV}
 * @param units                     a dense layer's width, a convolution's output channels (filters)
 * @param activation                the activation of the stage ({@link Activation#IDENTITY} when there is
 *                                  none, as for the output layer, whose stage output is the logits)
 * @param preactivationMean         mean of the weighted layer's output {@code z} ({@code x W^T + b}, or the
 *                                  convolution's whole {@code C x H x W} output)
 * @param preactivationStd          standard deviation of {@code z}
 * @param preactivationSecondMoment {@code E[z^2]}, the forward "variance" that variance-preserving
 *                                  initializers keep constant
 * @param activationMean            mean of the stage output {@code x}
 * @param activationStd             standard deviation of the stage output {@code x}
 * @param saturatedFraction         fraction of the activation layer's outputs in the flat tails:
 *                                  {@code |tanh| > 0.99}, sigmoid outside {@code [0.01, 0.99]}; 0 for other
 *                                  activations
 * @param deadFraction              ReLU and leaky ReLU: fraction of units (of channels, for a convolution)
 *                                  whose activation input is {@code <= 0} for every sample (and position) of
 *                                  the batch; 0 for other activations
 * @param weightStd                 standard deviation of the weight tensor
 * @param weightStdTheory           the initializer's closed-form standard deviation
 *                                  ({@link org.initlab.spi.Initializer#expectedStd}), empty when unknown
 * @param gradientStd               standard deviation of {@code dL/dx} for the stage output (of
 *                                  {@code dL/dlogits} for the output layer), with the mean cross-entropy of
 *                                  the batch as {@code L}
 * @param weightGradientStd         standard deviation of {@code dL/dW}
 * @param varianceRatio             {@code E[z^2]} of this layer over {@code E[z^2]} of the previous weighted
 *                                  layer; empty for the first layer
 * @param varianceRatioTheory       the ratio predicted by {@link VarianceTheory} (with the convolution's
 *                                  fan-in for a convolution); empty for the first layer
 * @param symmetricUnits            hidden units (filters, for a convolution) whose incoming weights, bias and
 *                                  their gradients are all identical to another unit's (they can never become
 *                                  different); 0 for the output layer, whose units the labels tell apart
 * @param updateRatio               {@code ||W - W_prev|| / ||W_prev||} (Frobenius) against the previous
 *                                  measurement during training; empty at initialization
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record LayerStatistics(int index, String name, String description, LayerKind kind, int units,
                              Activation activation, double preactivationMean, double preactivationStd,
                              double preactivationSecondMoment, double activationMean, double activationStd,
                              double saturatedFraction, double deadFraction, double weightStd,
                              OptionalDouble weightStdTheory, double gradientStd, double weightGradientStd,
                              OptionalDouble varianceRatio, OptionalDouble varianceRatioTheory, int symmetricUnits,
                              OptionalDouble updateRatio) {

    /**
     * Statistics of a dense layer described as {@code dense layer <name>} (for callers that predate
     * convolutions).
     *
     * @param index                     position among the weighted layers, from 1
     * @param name                      the layer's {@code nn.Sequential} index
     * @param units                     the layer's width
     * @param activation                the activation that follows it
     * @param preactivationMean         mean of {@code z}
     * @param preactivationStd          standard deviation of {@code z}
     * @param preactivationSecondMoment {@code E[z^2]}
     * @param activationMean            mean of the layer's output
     * @param activationStd             standard deviation of the layer's output
     * @param saturatedFraction         saturated share
     * @param deadFraction              dead share
     * @param weightStd                 weight standard deviation
     * @param weightStdTheory           the initializer's standard deviation
     * @param gradientStd               standard deviation of the output gradient
     * @param weightGradientStd         standard deviation of {@code dL/dW}
     * @param varianceRatio             the measured ratio
     * @param varianceRatioTheory       the predicted ratio
     * @param symmetricUnits            copied units
     * @param updateRatio               relative weight change
     */
    public LayerStatistics(int index, String name, int units, Activation activation, double preactivationMean,
                           double preactivationStd, double preactivationSecondMoment, double activationMean,
                           double activationStd, double saturatedFraction, double deadFraction,
                           double weightStd, OptionalDouble weightStdTheory, double gradientStd,
                           double weightGradientStd, OptionalDouble varianceRatio,
                           OptionalDouble varianceRatioTheory, int symmetricUnits, OptionalDouble updateRatio) {
        this(index, name, "dense layer " + name, LayerKind.DENSE, units, activation, preactivationMean,
                preactivationStd, preactivationSecondMoment, activationMean, activationStd, saturatedFraction,
                deadFraction, weightStd, weightStdTheory, gradientStd, weightGradientStd, varianceRatio,
                varianceRatioTheory, symmetricUnits, updateRatio);
    }

    /** Validates that no component is null. */
    public LayerStatistics {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(weightStdTheory, "weightStdTheory");
        Objects.requireNonNull(varianceRatio, "varianceRatio");
        Objects.requireNonNull(varianceRatioTheory, "varianceRatioTheory");
        Objects.requireNonNull(updateRatio, "updateRatio");
    }

    /** @return {@code "filters"} for a convolution, {@code "units"} otherwise (for sentences) */
    public String unitNoun() {
        return kind == LayerKind.CONV ? "filters" : "units";
    }

    /** @return whether every statistic that exists is a finite number */
    public boolean finite() {
        return Double.isFinite(preactivationSecondMoment) && Double.isFinite(preactivationMean)
                && Double.isFinite(activationStd) && Double.isFinite(gradientStd) && Double.isFinite(weightGradientStd)
                && Double.isFinite(weightStd);
    }
}
