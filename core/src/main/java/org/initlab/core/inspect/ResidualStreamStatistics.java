package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The residual stream through one residual block {@code y = post(s(x) + F(x))} at initialization: second moments
 * ({@code E[v^2]} over all samples, units and positions) of the block's input, its branch output, its shortcut
 * output, their sum and its output, measured on one batch.
 *
 * <p>For a branch whose output is uncorrelated with the shortcut's (zero-mean weights drawn independently of
 * the input make {@code E[s(x) F(x)] = 0} in expectation), the second moments add:
 * {@code E[(s + F)^2] = E[s^2] + E[F^2]}; for an identity shortcut in pre-activation form (He et al. 2016b) that
 * is the stream's law {@code E[x_{l+1}^2] = E[x_l^2] + E[F(x_l)^2]}, exact up to the measured cross term
 * {@code 2 E[s F]}. In post-activation form (He et al. 2016a) the law holds for the sum before the
 * post-activation, which is what {@link #predictedSumSecondMoment()} is compared with; the activation then
 * changes the stream once more ({@link #outputSecondMoment()}). He-initialized branches give
 * {@code E[F^2] = E[x^2]} for a ReLU stream, so the stream doubles per block; a zero gate (SkipInit, ReZero), a
 * zero last layer (Fixup) or a zero last normalization scale (zero-gamma) gives {@code F = 0} and growth 1.
 *
 * @param block                the block's position among the network's residual blocks, from 1
 * @param name                 the block's {@code nn.Sequential} index, which prefixes its parameters
 * @param description          its form, e.g. {@code pre-activation, identity} or
 *                             {@code post-activation relu, projection}
 * @param inputSecondMoment    {@code E[x^2]} of the block's input (the stream entering it)
 * @param branchSecondMoment   {@code E[F(x)^2]} of the branch output (after its gate, when it has one)
 * @param shortcutSecondMoment {@code E[s(x)^2]}: the input's for an identity shortcut, the projection's otherwise
 * @param sumSecondMoment      {@code E[(s(x) + F(x))^2]}, before the post-activation
 * @param outputSecondMoment   {@code E[y^2]} of the block's output (the sum itself in pre-activation form)
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record ResidualStreamStatistics(int block, String name, String description, double inputSecondMoment,
                                       double branchSecondMoment, double shortcutSecondMoment,
                                       double sumSecondMoment, double outputSecondMoment) {
    /** Validates that no component is null. */
    public ResidualStreamStatistics {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    /** @return the prediction for the sum, {@code E[s(x)^2] + E[F(x)^2]} (no cross term) */
    public double predictedSumSecondMoment() {
        return shortcutSecondMoment + branchSecondMoment;
    }

    /** @return the measured cross term {@code 2 E[s(x) F(x)]}: the sum's second moment minus the prediction */
    public double crossTerm() {
        return sumSecondMoment - predictedSumSecondMoment();
    }

    /** @return the block's growth of the stream, {@code E[y^2] / E[x^2]} */
    public double growth() {
        return outputSecondMoment / inputSecondMoment;
    }

    /** @return how much the branch adds relative to the stream, {@code E[F^2] / E[x^2]} */
    public double branchRatio() {
        return branchSecondMoment / inputSecondMoment;
    }
}
