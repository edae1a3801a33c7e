package org.initlab.core.init;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The mean, second moment and population variance of the elements of one tensor: the one place initlab computes
 * them for a tensor (a parameter, a layer's outputs, a sampled initializer), as {@code torch.std(x,
 * unbiased=False)} does. Two passes in double precision, so that a large mean does not cancel the variance.
 * The spread of results over seeds is {@link org.initlab.core.experiment.SampleStatistics}' (Bessel's
 * {@code n - 1}).
 *
 * @param mean         {@code sum(x) / n}
 * @param secondMoment {@code sum(x^2) / n}
 * @param variance     {@code sum((x - mean)^2) / n}
 */
@API(status = INTERNAL, since = "0.1")
public record TensorMoments(double mean, double secondMoment, double variance) {
    /**
     * @param values the elements
     * @return their moments; every one {@code NaN} when there are none
     */
    public static TensorMoments of(float[] values) {
        double[] widened = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            widened[k] = values[k];
        }
        return of(widened);
    }

    /**
     * @param values the elements
     * @return their moments; every one {@code NaN} when there are none
     */
    public static TensorMoments of(double[] values) {
        double sum = 0;
        double squares = 0;
        for (double v : values) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / values.length;
        double deviations = 0;
        for (double v : values) {
            deviations += (v - mean) * (v - mean);
        }
        return new TensorMoments(mean, squares / values.length, deviations / values.length);
    }

    /** @return the population standard deviation, {@code sqrt(variance)} */
    public double std() {
        return Math.sqrt(variance);
    }
}
