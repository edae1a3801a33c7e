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
 * A learnable scalar that multiplies its input, {@code y = alpha * x}: the branch gate of SkipInit (De &amp;
 * Smith 2020) and ReZero (Bachlechner et al. 2020) and Fixup's scalar multiplier (Zhang, Dauphin &amp; Ma
 * 2019). It belongs at the end of a residual branch ({@link ResidualBlock}) and nowhere else. Its parameter
 * {@code <prefix>.alpha} has shape {@code [1]}, as {@code nn.Parameter(torch.ones(1))}; plans start it at 1
 * (the plain residual network), {@code skipinit} and {@code rezero} at 0.
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record GateLayer() implements Layer {

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return input;
    }

    @Override
    public List<ParameterSpec> parameters(String prefix, Nonlinearity next) {
        return List.of(new ParameterSpec(prefix + ".alpha", ParameterRole.OTHER, TensorShape.of(1), LayerKind.OTHER,
                next, Optional.empty()));
    }

    @Override
    public String toString() {
        return "Gate(alpha)";
    }
}
