package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One transformer block at initialization ({@link org.initlab.core.model.TransformerBlock}): the residual stream
 * through its two branches and the state of its attention, measured on one batch. Second moments are
 * {@code E[v^2]} over all samples, tokens and units.
 *
 * <p>The block adds its attention branch, then its feed-forward branch, to the stream: {@code x -> a x + SA(.)
 * -> a (.) + FF(.)} ({@code a} the shortcut multiplier, 1 except with DeepNorm). In pre-LN form the sums are the
 * stream itself, and each branch reads a normalized copy of it, so every block adds a roughly constant amount and
 * the stream grows with depth (Xiong et al. 2020). In post-LN form each sum is normalized ({@code norm1},
 * {@code norm2}): the stream between blocks stays at {@code E[x^2] = 1} (LayerNorm with its starting scale 1 and
 * shift 0), whatever the branches add.
 *
 * <p>The attention's entropy is compared with its maximum, the entropy of uniform attention: {@code ln T} for
 * {@code T} tokens without a mask, the mean of {@code ln(t)} over the query positions {@code t = 1..T} with a
 * causal mask (query {@code t} sees {@code t} keys). Ratio 1 means every query averages all the tokens it sees
 * (the logits are too small to select any), ratio 0 that each puts all its weight on one token.
 *
 * @param block                        the block's position among the network's transformer blocks, from 1
 * @param name                         the block's {@code nn.Sequential} index, which prefixes its parameters
 * @param description                  its form, e.g. {@code pre-LN, 4 heads, 17 tokens} or
 *                                     {@code post-LN, causal, alpha 1.41, 4 heads, 16 tokens}
 * @param tokens                       the tokens {@code T} of its sequence
 * @param inputSecondMoment            {@code E[x^2]} of the block's input (the stream entering it)
 * @param attentionSecondMoment        {@code E[SA^2]}: the attention branch's output ({@code out_proj}'s)
 * @param afterAttentionSecondMoment   {@code E[(a x + SA)^2]}: the stream after the attention branch (before
 *                                     {@code norm1} in post-LN form)
 * @param feedForwardSecondMoment      {@code E[FF^2]}: the feed-forward branch's output ({@code linear2}'s)
 * @param afterFeedForwardSecondMoment the stream after the feed-forward branch (before {@code norm2} in post-LN
 *                                     form)
 * @param outputSecondMoment           {@code E[y^2]} of the block's output (after {@code norm2} in post-LN form,
 *                                     the stream after the feed-forward branch otherwise)
 * @param attentionEntropy             the mean entropy (natural log) of the attention rows over samples, heads
 *                                     and query tokens
 * @param uniformEntropy               the same mean for uniform attention over the keys each query sees
 *                                     ({@code ln T} without a mask)
 * @param logitStd                     the standard deviation of the scaled logits {@code q . k / sqrt(D/H)}
 *                                     over samples, heads and the (query, key) pairs the mask lets through
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record TransformerBlockStatistics(int block, String name, String description, int tokens,
                                         double inputSecondMoment, double attentionSecondMoment,
                                         double afterAttentionSecondMoment, double feedForwardSecondMoment,
                                         double afterFeedForwardSecondMoment, double outputSecondMoment,
                                         double attentionEntropy, double uniformEntropy, double logitStd) {
    /** Validates that no component is null. */
    public TransformerBlockStatistics {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    /**
     * @return {@code attentionEntropy / uniformEntropy}: 1 for uniform attention, 0 for attention on one token;
     *         NaN for a single token (nothing to choose from)
     */
    public double entropyRatio() {
        return uniformEntropy > 0 ? attentionEntropy / uniformEntropy : Double.NaN;
    }

    /** @return the block's growth of the stream, {@code E[y^2] / E[x^2]} */
    public double growth() {
        return outputSecondMoment / inputSecondMoment;
    }

    /**
     * @param tokens the tokens {@code T}, {@code >= 1}
     * @param causal whether query {@code t} (from 1) sees only the first {@code t} keys
     * @return the mean entropy of uniform attention rows: {@code ln T} without a mask, {@code ln(T!) / T} with one
     */
    public static double uniformEntropy(int tokens, boolean causal) {
        if (!causal) {
            return Math.log(tokens);
        }
        double sum = 0;
        for (int t = 1; t <= tokens; t++) {
            sum += Math.log(t);
        }
        return sum / tokens;
    }
}
