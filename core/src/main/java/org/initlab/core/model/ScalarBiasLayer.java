package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.initlab.spi.ParameterRole;

/**
 * A learnable scalar added to every value of its input, {@code y = x + b}: Fixup's scalar biases (Zhang,
 * Dauphin &amp; Ma 2019, before each convolution, linear layer and activation of a residual branch), which
 * stand in for the shift of the normalization Fixup removes. It belongs inside a residual branch
 * ({@link ResidualBlock}). Its parameter {@code <prefix>.bias} has shape {@code [1]} and starts at 0.
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record ScalarBiasLayer() implements ScalarLayer {

    @Override
    public String parameterName() {
        return "bias";
    }

    @Override
    public ParameterRole role() {
        return ParameterRole.BIAS;
    }

    @Override
    public String toString() {
        return "ScalarBias";
    }
}
