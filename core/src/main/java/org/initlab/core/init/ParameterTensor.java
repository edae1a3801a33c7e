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

    /** @return the mean of the values ({@link TensorMoments}), 0 when there are none */
    public double mean() {
        return values.length == 0 ? 0 : TensorMoments.of(values).mean();
    }

    /** @return the population standard deviation of the values ({@link TensorMoments}), 0 when there are none */
    public double std() {
        return values.length == 0 ? 0 : TensorMoments.of(values).std();
    }
}
