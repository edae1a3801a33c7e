package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Where a {@link TransformerBlock} normalizes, with {@code a} its shortcut multiplier, {@code SA} the attention
 * and {@code FF} the feed-forward branch:
 * <ul>
 *   <li>{@link #PRE} (pre-LN, Xiong et al. 2020; PyTorch's {@code norm_first=True}):
 *       {@code x = a x + SA(LN1(x)); x = a x + FF(LN2(x))};</li>
 *   <li>{@link #POST} (post-LN, the original Transformer of Vaswani et al. 2017; {@code norm_first=False}):
 *       {@code x = LN1(a x + SA(x)); x = LN2(a x + FF(x))};</li>
 *   <li>{@link #NONE}: {@code x = a x + SA(x); x = a x + FF(x)} (no normalization, as T-Fixup trains).</li>
 * </ul>
 */
@API(status = EXPERIMENTAL, since = "0.5")
public enum NormPlacement {
    /** Layer normalization at the start of each branch. */
    PRE,
    /** Layer normalization after each residual sum. */
    POST,
    /** No normalization. */
    NONE
}
