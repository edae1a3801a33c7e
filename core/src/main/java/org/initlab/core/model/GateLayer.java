package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.initlab.spi.ParameterRole;

/**
 * A learnable scalar that multiplies its input, {@code y = alpha * x}: the branch gate of SkipInit (De &amp;
 * Smith 2020) and ReZero (Bachlechner et al. 2020) and Fixup's scalar multiplier (Zhang, Dauphin &amp; Ma
 * 2019). It belongs at the end of a residual branch ({@link ResidualBlock}) and nowhere else. Its parameter
 * {@code <prefix>.alpha} has shape {@code [1]}, as {@code nn.Parameter(torch.ones(1))}; plans start it at 1
 * (the plain residual network), {@code skipinit} and {@code rezero} at 0.
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record GateLayer() implements ScalarLayer {

    @Override
    public String parameterName() {
        return "alpha";
    }

    @Override
    public ParameterRole role() {
        return ParameterRole.OTHER;
    }

    @Override
    public String toString() {
        return "Gate(alpha)";
    }
}
