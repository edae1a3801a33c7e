package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.initlab.core.optim.ParameterGroups.GroupScale;

/**
 * What a parametrization does to one parameter tensor.
 *
 * @param initialValue the factor the initializer's values are multiplied by (the initialization variance is
 *                     multiplied by its square), finite and {@code > 0}
 * @param learningRate the multiplier of the optimizer's learning rate for this parameter
 * @param weightDecay  the multiplier of the optimizer's weight decay for this parameter
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record ParameterScale(double initialValue, double learningRate, double weightDecay) {
    /** Nothing changes. */
    public static final ParameterScale ONE = new ParameterScale(1, 1, 1);

    /** Validates the factors. */
    public ParameterScale {
        if (!(initialValue > 0) || Double.isInfinite(initialValue)) {
            throw new IllegalArgumentException("the initial-value multiplier must be finite and > 0, got "
                    + initialValue);
        }
        new GroupScale(learningRate, weightDecay);
    }

    /** @return the factor of the initialization variance, {@code initialValue^2} */
    public double initialVariance() {
        return initialValue * initialValue;
    }

    /** @return the learning-rate and weight-decay multipliers as an optimizer parameter group */
    public GroupScale group() {
        return new GroupScale(learningRate, weightDecay);
    }

    /** @return whether every factor is 1 */
    public boolean isOne() {
        return initialValue == 1 && learningRate == 1 && weightDecay == 1;
    }
}
