package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Judges a transformer's blocks ({@link TransformerBlockStatistics}) in two sentences: one about the attention,
 * one about the residual stream.
 *
 * <p>Attention, from the entropy ratio {@code H / H_uniform} of each block ({@code H_uniform = ln T} without a
 * mask):
 * <ul>
 *   <li>{@code attention collapses} when some block's ratio is below {@value #COLLAPSED}: the logits
 *       {@code q . k / sqrt(d)} are so large that each query puts nearly all its weight on one token; the softmax
 *       saturates, its gradient vanishes, and training is unstable (entropy collapse, Zhai et al. 2023).</li>
 *   <li>{@code attention is uniform} when some block's ratio is above {@value #UNIFORM} (and none collapses): the
 *       logits are too small to select any token, so every query gets the same average of the values; the token
 *       representations lose rank with depth (Dong, Cordonnier &amp; Loukas 2021; Noci et al. 2022), and the
 *       gradient of the query weights, proportional to the key weights' scale and the other way round, starts
 *       small. Tiny query and key weights (a small std on {@code in_proj_weight}) do this.</li>
 *   <li>{@code attention selective} otherwise.</li>
 * </ul>
 * Residual stream, with {@link ResidualVerdicts}'s thresholds and key words ({@code residual stream grows},
 * {@code shrinks}, {@code stable}, {@code grows moderately}, {@code overflows}), applied to the growth from the
 * first block's output to the last block's (the first block's own growth compares the embeddings' scale with the
 * branches', not depth; a single block is judged on its own growth). Post-LN blocks normalize the stream after
 * each sum, so it is stable by construction; pre-LN blocks add branches that read a normalized stream, so it
 * grows with depth (Xiong et al. 2020); blocks without LayerNorm grow as unnormalized residual branches do.
 */
@API(status = INTERNAL, since = "0.5")
public final class TransformerVerdicts {
    /** The entropy ratio above which attention is said to be uniform. */
    static final double UNIFORM = 0.99;
    /** The entropy ratio below which attention is said to collapse. */
    static final double COLLAPSED = 0.1;

    private TransformerVerdicts() {
    }

    /**
     * @param blocks every transformer block, in order
     * @return {@code "attention collapses: ..."}, {@code "attention is uniform: ..."} or
     *         {@code "attention selective: ..."}; empty when there are no blocks
     */
    public static Optional<String> attentionVerdict(List<TransformerBlockStatistics> blocks) {
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        List<TransformerBlockStatistics> collapsed = select(blocks, b -> b.entropyRatio() < COLLAPSED
                || Double.isNaN(b.attentionEntropy()));
        if (!collapsed.isEmpty()) {
            return Optional.of("attention collapses: in " + names(collapsed) + " the attention entropy is "
                    + ratios(collapsed) + " of uniform attention's (ln T), with logit std " + logitStds(collapsed)
                    + ": the logits q.k/sqrt(d) are so large that each query puts nearly all its weight on one token, "
                    + "the softmax saturates and its gradient vanishes (entropy collapse, Zhai et al. 2023); start "
                    + "the query and key weights smaller");
        }
        List<TransformerBlockStatistics> uniform = select(blocks, b -> b.entropyRatio() > UNIFORM);
        if (!uniform.isEmpty()) {
            return Optional.of("attention is uniform: in " + names(uniform) + " the attention entropy is "
                    + ratios(uniform) + " of uniform attention's (ln T), with logit std " + logitStds(uniform)
                    + ": the logits q.k/sqrt(d) are too small to select any token, so every query gets the same "
                    + "average of the values (the tokens lose rank with depth, Dong et al. 2021, Noci et al. 2022) "
                    + "and the query and key weights, whose gradients scale with each other, start slowly");
        }
        return Optional.of("attention selective: the attention entropy is " + ratios(blocks) + " of uniform "
                + "attention's (ln T) in " + names(blocks) + ", with logit std " + logitStds(blocks)
                + ": the queries neither average all tokens nor fix on one");
    }

    /**
     * @param blocks every transformer block, in order
     * @return one sentence starting with {@code residual stream} and a key word, as {@link ResidualVerdicts}'s;
     *         empty when there are no blocks
     */
    public static Optional<String> streamVerdict(List<TransformerBlockStatistics> blocks) {
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        for (TransformerBlockStatistics b : blocks) {
            if (!(b.growth() > 0) || !Double.isFinite(b.growth()) || !Double.isFinite(b.afterFeedForwardSecondMoment())
                    || !Double.isFinite(b.afterAttentionSecondMoment())) {
                return Optional.of("residual stream overflows: block " + b.block() + " turns E[x^2] = "
                        + Verdicts.format(b.inputSecondMoment()) + " into " + Verdicts.format(b.outputSecondMoment()));
            }
        }
        TransformerBlockStatistics first = blocks.get(0);
        TransformerBlockStatistics last = blocks.get(blocks.size() - 1);
        boolean single = blocks.size() == 1;
        int steps = single ? 1 : blocks.size() - 1;
        double total = single ? first.growth() : last.outputSecondMoment() / first.outputSecondMoment();
        double perBlock = Math.pow(total, 1.0 / steps);
        double added = blocks.subList(single ? 0 : 1, blocks.size()).stream().mapToDouble(b ->
                (b.attentionSecondMoment() + b.feedForwardSecondMoment()) / b.inputSecondMoment()).average()
                .orElseThrow();
        String growth = "x" + Verdicts.format(perBlock) + " per block (x" + Verdicts.format(total) + (single
                ? " in block 1, E[x^2] " + Verdicts.format(first.inputSecondMoment()) + " at its input, "
                : " from block 1's output to block " + last.block() + "'s, E[x^2] "
                + Verdicts.format(first.outputSecondMoment()) + " to ") + Verdicts.format(last.outputSecondMoment())
                + (single ? " at its output)" : ")");
        String branches = "the branches add E[SA^2] + E[FF^2] = " + Verdicts.format(added) + " E[x^2] per block on "
                + "average" + (single ? "" : " (blocks 2 to " + last.block() + ")");
        String form = first.description().startsWith("post-LN") ? "post-LN" : first.description()
                .startsWith("pre-LN") ? "pre-LN" : "no LN";
        if (perBlock >= ResidualVerdicts.GROWING) {
            return Optional.of("residual stream grows: the residual stream grows by " + growth + "; " + branches
                    + (form.equals("no LN") ? ", as unnormalized residual branches do: scale the branches "
                    + "(t-fixup, deepnorm) or normalize" : ": scale the residual projections (out_proj, linear2) "
                    + "down, as GPT-2 does by 1/sqrt(2L)"));
        }
        if (perBlock <= 1 / ResidualVerdicts.GROWING) {
            return Optional.of("residual stream shrinks: the residual stream shrinks by " + growth
                    + "; the shortcut multipliers or the norms lose more than the branches add");
        }
        if (total >= 1 / Math.E && total <= Math.E) {
            return Optional.of("residual stream stable: " + growth + "; " + branches + (form.equals("post-LN")
                    ? ", and the LayerNorm after each sum (post-LN) keeps the stream at E[x^2] = 1 between blocks"
                    : ", so the stream stays at its scale with depth"));
        }
        return Optional.of("residual stream grows moderately: " + growth + "; " + branches + (form.equals("pre-LN")
                ? ": each pre-LN branch reads a normalized copy of the stream and adds about the same amount, so the "
                + "stream grows with depth and every later branch changes it relatively less (Xiong et al. 2020)"
                : ", more than depth-scaled branches (at most x" + Verdicts.format(Math.E) + " in all)"));
    }

    /**
     * The verdict of a whole inspection: the transformer's problem, when it has one (a stream that overflows,
     * collapsing attention, a stream that grows or shrinks, uniform attention, in that order) and the per-layer
     * verdict only reports a symptom; the per-layer verdict otherwise.
     *
     * @param layerVerdict the per-layer verdict (already combined with {@link ResidualVerdicts#combine})
     * @param blocks       every transformer block; empty for a network without them
     * @return the verdict to show first
     */
    public static String combine(String layerVerdict, List<TransformerBlockStatistics> blocks) {
        if (blocks.isEmpty() || ResidualVerdicts.SYMPTOMS.stream().noneMatch(layerVerdict::startsWith)) {
            return layerVerdict;
        }
        String stream = streamVerdict(blocks).orElseThrow();
        String attention = attentionVerdict(blocks).orElseThrow();
        if (stream.startsWith("residual stream overflows:")) {
            return stream;
        }
        if (attention.startsWith("attention collapses:")) {
            return attention;
        }
        if (stream.startsWith("residual stream grows:") || stream.startsWith("residual stream shrinks:")) {
            return stream;
        }
        return attention.startsWith("attention is uniform:") ? attention : layerVerdict;
    }

    private static List<TransformerBlockStatistics> select(List<TransformerBlockStatistics> blocks,
                                                           Predicate<TransformerBlockStatistics> test) {
        return blocks.stream().filter(test).toList();
    }

    /**
     * The recommendation of an inspection of a transformer, in place of the per-layer one (whose rule for a
     * hidden activation does not describe attention blocks): for a stream that grows without LayerNorm, T-Fixup;
     * for a pre-LN stream that overflows, GPT-2's residual scaling (a pre-LN stream that grows is the form working
     * as intended: the final LayerNorm rescales it, and the guide's 24-block pre-LN ViTs train); for a structure-aware transformer scheme whose stream is stable, keep it; otherwise what the block
     * form needs: warm-up or DeepNorm for post-LN stacks (Xiong et al. 2020; Wang et al. 2022), nothing special
     * for pre-LN ones, T-Fixup without LayerNorm (Huang et al. 2020).
     *
     * @param layerRecommendation the recommendation without transformer blocks
     * @param init                the weight initializer's spec
     * @param blocks              the transformer blocks; empty for a network without them
     * @return the recommendation to show
     */
    public static String recommendation(String layerRecommendation, String init, List<TransformerBlockStatistics> blocks) {
        if (blocks.isEmpty()) {
            return layerRecommendation;
        }
        String stream = streamVerdict(blocks).orElse("");
        String form = blocks.get(0).description();
        String name = init.contains("(") ? init.substring(0, init.indexOf('(')) : init;
        boolean overflows = stream.startsWith("residual stream overflows:");
        if (form.startsWith("no LN") && (overflows || stream.startsWith("residual stream grows"))) {
            return "use t-fixup for blocks without LayerNorm (Huang et al. 2020: v, out_proj and the feed-forward"
                    + " weights scaled by 0.67 N^(-1/4)), or put LayerNorm in the blocks (-pre or -post)";
        }
        if (form.startsWith("pre-LN") && overflows) {
            return "scale the residual projections down as gpt2 does (out_proj and linear2 by 1/sqrt(2N), Radford et"
                    + " al. 2019): every pre-LN branch adds its full output to the stream";
        }
        if (List.of("t-fixup", "deepnorm", "gpt2", "bert").contains(name) && stream.startsWith("residual stream stable:")) {
            return "keep " + init + ": the residual stream keeps its scale through the blocks";
        }
        if (form.startsWith("post-LN")) {
            return "post-LN blocks: train with learning-rate warm-up (e.g. adam(lr=1e-3, warmup=200)), or use deepnorm"
                    + " on -post-deepnorm blocks (Wang et al. 2022), which trains deep post-LN stacks without it"
                    + " (Xiong et al. 2020: post-LN's gradients near the output are large at initialization)";
        }
        return "keep " + init + " for the projections; pre-LN blocks train without warm-up (Xiong et al. 2020), and"
                + " the final LayerNorm rescales the growing stream; for blocks without LayerNorm use t-fixup"
                + " (Huang et al. 2020)";
    }

    private static String names(List<TransformerBlockStatistics> blocks) {
        return (blocks.size() == 1 ? "block " : "blocks ") + blocks.stream().map(b -> Integer.toString(b.block()))
                .collect(Collectors.joining(", "));
    }

    private static String ratios(List<TransformerBlockStatistics> blocks) {
        double[] ratios = blocks.stream().mapToDouble(TransformerBlockStatistics::entropyRatio).toArray();
        double min = Arrays.stream(ratios).min().orElseThrow();
        double max = Arrays.stream(ratios).max().orElseThrow();
        String low = String.format(Locale.ROOT, "%.4f", min);
        String high = String.format(Locale.ROOT, "%.4f", max);
        return low.equals(high) ? low : low + " to " + high;
    }

    private static String logitStds(List<TransformerBlockStatistics> blocks) {
        return range(blocks.stream().mapToDouble(TransformerBlockStatistics::logitStd).toArray());
    }

    private static String range(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return min == max || values.length == 1 ? Verdicts.format(values[0])
                : Verdicts.format(min) + " to " + Verdicts.format(max);
    }
}
