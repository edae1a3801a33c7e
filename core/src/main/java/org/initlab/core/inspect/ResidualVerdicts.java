package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Judges the residual stream of a network's blocks ({@link ResidualStreamStatistics}) in one sentence.
 *
 * <p>Each block multiplies the stream's second moment by {@code g = 1 + E[F^2]/E[x^2]} (plus the cross term, and
 * the post-activation in post-activation form). The thresholds come from that law:
 * <ul>
 *   <li>{@code residual stream grows} when the geometric-mean growth per block is at least {@value #GROWING}:
 *       every branch adds at least half the stream's second moment, so the stream grows exponentially with
 *       depth. He-initialized branches without normalization add {@code E[F^2] = E[x^2]} for a ReLU stream:
 *       {@code x2} per block, {@code 2^L} over {@code L} blocks (Zhang, Dauphin &amp; Ma 2019; De &amp; Smith
 *       2020).</li>
 *   <li>{@code residual stream shrinks} when it is at most {@code 1/}{@value #GROWING} per block.</li>
 *   <li>{@code residual stream stable} when the growth over all blocks together stays within {@code [1/e, e]}:
 *       branches scaled to {@code E[F^2] <= E[x^2]/L} give at most {@code (1 + 1/L)^L < e}, and zero-initialized
 *       branches (Fixup's zero last layer, SkipInit's and ReZero's zero gate, zero-gamma's zero scale) exactly
 *       1.</li>
 *   <li>otherwise {@code residual stream grows moderately}: more than depth-scaled branches, less than
 *       unscaled ones (normalized branches that each add {@code O(1)} to a stream that grows linearly, say).</li>
 * </ul>
 * The growing and shrinking verdicts name the cause of exploding or vanishing signals in a residual network, so
 * {@link #combine} puts them in place of the per-layer verdict's symptoms.
 */
@API(status = INTERNAL, since = "0.4")
public final class ResidualVerdicts {
    /** The geometric-mean growth per block from which the stream is said to grow exponentially. */
    static final double GROWING = 1.5;
    /** The per-layer verdicts that describe symptoms a growing or shrinking residual stream explains. */
    static final List<String> SYMPTOMS = List.of("signal explodes", "signal vanishes", "gradients",
            "healthy");

    private ResidualVerdicts() {
    }

    /**
     * @param blocks the residual stream through every block, in order
     * @return one sentence starting with a key word and a colon, e.g. {@code "residual stream grows: the residual
     *         stream grows by x2.03 per block ..."}; empty when there are no blocks
     */
    public static Optional<String> verdict(List<ResidualStreamStatistics> blocks) {
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        for (ResidualStreamStatistics b : blocks) {
            if (!(b.growth() > 0) || !Double.isFinite(b.growth()) || !Double.isFinite(b.sumSecondMoment())) {
                return Optional.of("residual stream overflows: block " + b.block() + " turns E[x^2] = "
                        + Verdicts.format(b.inputSecondMoment()) + " into " + Verdicts.format(b.outputSecondMoment()));
            }
        }
        double logTotal = blocks.stream().mapToDouble(b -> Math.log(b.growth())).sum();
        double total = Math.exp(logTotal);
        double perBlock = Math.exp(logTotal / blocks.size());
        double branch = blocks.stream().mapToDouble(ResidualStreamStatistics::branchRatio).average().orElseThrow();
        ResidualStreamStatistics first = blocks.get(0);
        ResidualStreamStatistics last = blocks.get(blocks.size() - 1);
        String growth = "x" + Verdicts.format(perBlock) + " per block (x" + Verdicts.format(total) + " over "
                + blocks.size() + " block" + (blocks.size() == 1 ? "" : "s") + ", E[x^2] "
                + Verdicts.format(first.inputSecondMoment()) + " at block 1's input, "
                + Verdicts.format(last.outputSecondMoment()) + " at block " + last.block() + "'s output)";
        String branches = "the branches add E[F^2] = " + Verdicts.format(branch) + " E[x^2] on average "
                + "(E[x_{l+1}^2] = E[x_l^2] + E[F(x_l)^2])";
        if (perBlock >= GROWING) {
            return Optional.of("residual stream grows: the residual stream grows by " + growth + "; " + branches
                    + ", as He-initialized branches without normalization do (x2 per block): scale the branches "
                    + "(fixup, skipinit, zero-gamma) or normalize");
        }
        if (perBlock <= 1 / GROWING) {
            return Optional.of("residual stream shrinks: the residual stream shrinks by " + growth
                    + "; the shortcuts or post-activations lose more than the branches add");
        }
        if (total >= 1 / Math.E && total <= Math.E) {
            return Optional.of("residual stream stable: " + growth + "; " + branches + ", so the stream stays "
                    + "at its scale with depth, as fixup, skipinit, rezero and zero-gamma intend");
        }
        return Optional.of("residual stream grows moderately: " + growth + "; " + branches + ", more than "
                + "depth-scaled branches (at most x" + Verdicts.format(Math.E) + " in all) and less than unscaled "
                + "He branches (x2 per block)");
    }

    /**
     * The verdict of a whole inspection: the residual verdict when the stream grows or shrinks and the per-layer
     * verdict only reports the symptom (a signal that explodes or vanishes, gradients, or nothing); the per-layer
     * verdict otherwise (overflow, symmetric units, saturation and dead ReLUs have causes of their own).
     *
     * @param layerVerdict the per-layer verdict ({@link Verdicts#verdict})
     * @param blocks       the residual stream through every block; empty for a network without blocks
     * @return the verdict to show first
     */
    public static String combine(String layerVerdict, List<ResidualStreamStatistics> blocks) {
        Optional<String> residual = verdict(blocks);
        boolean problem = residual.map(r -> r.startsWith("residual stream grows:")
                || r.startsWith("residual stream shrinks:") || r.startsWith("residual stream overflows:"))
                .orElse(false);
        boolean symptom = SYMPTOMS.stream().anyMatch(layerVerdict::startsWith);
        return problem && symptom ? residual.get() : layerVerdict;
    }

    /**
     * The recommendation of a whole inspection: for a residual network whose stream grows, the schemes made for
     * it; for one whose stream stays at its scale under a structure-aware scheme, keep it; the per-layer
     * recommendation otherwise (the hidden activation's initializer).
     *
     * @param layerRecommendation the per-layer recommendation ({@link Verdicts#recommendation})
     * @param init                the weight initializer's spec
     * @param blocks              the residual stream through every block; empty for a network without blocks
     * @return the recommendation to show
     */
    public static String recommendation(String layerRecommendation, String init, List<ResidualStreamStatistics> blocks) {
        Optional<String> residual = verdict(blocks);
        if (residual.isEmpty()) {
            return layerRecommendation;
        }
        if (residual.get().startsWith("residual stream grows:") || residual.get().startsWith("residual stream overflows:")) {
            return "use fixup, skipinit or rezero (without normalization) or zero-gamma (with batch norm): each starts "
                    + "every branch at F(x) = 0 (a zero last layer, a zero gate, a zero last scale), so the stream "
                    + "keeps its scale at any depth; Fixup also rescales the other branch layers by L^(-1/(2m-2)) "
                    + "(Zhang, Dauphin & Ma 2019)";
        }
        String name = init.contains("(") ? init.substring(0, init.indexOf('(')) : init;
        if (residual.get().startsWith("residual stream stable:") && STRUCTURE_AWARE.contains(name)) {
            return "keep " + init + ": its branches start at or near F(x) = 0, so the residual stream keeps its scale "
                    + "with depth; the layers inside the branches are initialized for their activation";
        }
        return layerRecommendation;
    }

    /** The built-in schemes that scale or zero residual branches. */
    private static final List<String> STRUCTURE_AWARE = List.of("fixup", "skipinit", "rezero", "zero-gamma",
            "residual-scaled");
}
