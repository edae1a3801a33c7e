package org.initlab.core.init;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.spi.ParameterSpec;

/**
 * One parameter's description and values. The record exposes its array for zero-copy hand-over to
 * backends; treat it as read-only unless you own it ({@link ParameterSet#copy()} gives you your own).
 *
 * @param spec   the parameter
 * @param values its elements, length {@code spec.elementCount()}
 */
@API(status = STABLE, since = "0.1")
public record ParameterTensor(ParameterSpec spec, float[] values) {
    /** Validates the length. */
    public ParameterTensor {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(values, "values");
        if (values.length != spec.elementCount()) {
            throw new IllegalArgumentException("parameter " + spec.path() + " with shape " + spec.shape()
                    + " needs " + spec.elementCount() + " values, got " + values.length);
        }
    }

    /** @return the mean of the values */
    public double mean() {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }

    /** @return the population standard deviation of the values */
    public double std() {
        if (values.length == 0) {
            return 0;
        }
        double mean = mean();
        double sum = 0;
        for (float v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }
}
