package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * A learnable scalar added to every value of its input, {@code y = x + b}: Fixup's scalar biases (Zhang,
 * Dauphin &amp; Ma 2019, before each convolution, linear layer and activation of a residual branch), which
 * stand in for the shift of the normalization Fixup removes. It belongs inside a residual branch
 * ({@link ResidualBlock}). Its parameter {@code <prefix>.bias} has shape {@code [1]} and starts at 0.
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record ScalarBiasLayer() implements Layer {

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return input;
    }

    @Override
    public List<ParameterSpec> parameters(String prefix, Nonlinearity next) {
        return List.of(new ParameterSpec(prefix + ".bias", ParameterRole.BIAS, TensorShape.of(1), LayerKind.OTHER,
                next, Optional.empty()));
    }

    @Override
    public String toString() {
        return "ScalarBias";
    }
}
