package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How one layer's coordinates scale with width over the steps of a coordinate check, and the verdict.
 *
 * <p>At every step the exponent {@code b} of {@code size ~ width^b} is the least-squares slope of
 * {@code log size} against {@code log width} over the widths (sizes averaged over the seeds first). The verdict
 * judges the exponent of the <em>change since initialization</em> {@code mean |x_t - x_0|}, at the step where
 * it is largest in absolute value:
 * <ul>
 * <li>the change, because it is what the maximal update parametrization keeps at {@code Theta(1)} in every
 * layer (Yang and Hu 2021, "Tensor Programs IV", the maximal-update desideratum; Yang et al. 2022, "Tensor
 * Programs V", section 5 and the coordinate checks of its appendix), and because the size {@code mean |x_t|}
 * the paper plots mixes the change with the width-independent {@code x_0} at the small widths a quick check
 * can afford (the size's exponents are reported too);</li>
 * <li>the worst step, because a parametrization is right only when every step is flat (the paper reads its
 * plots that way), and because under the standard parametrization the blow-up is clearest after the first
 * update: at later steps units die and the logits fall back, which a last-step fit would mistake for
 * stability.</li>
 * </ul>
 *
 * @param layer           the layer
 * @param changeExponents the fitted exponent of the change at steps {@code 1 .. T} (element {@code t - 1});
 *                        NaN at a step where the change is zero or not finite at some widths but not all
 * @param sizeExponents   the fitted exponent of the size {@code mean |x_t|} at steps {@code 0 .. T} (element
 *                        {@code t}; NaN likewise)
 * @param step            the judged step: the one whose change exponent is largest in absolute value (the
 *                        first such), or the first step with no exponent when the verdict is undefined
 * @param verdict         the verdict on the judged step's change exponent
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record WidthTrend(ProbedLayer layer, List<Double> changeExponents, List<Double> sizeExponents, int step,
                         Verdict verdict) {
    /**
     * The largest {@code |b|} judged stable: a quarter, half of the {@code 1/2} by which the lazy (NTK) regime's
     * changes vanish and a quarter of the {@code 1} by which the standard parametrization's grow under Adam, so
     * both are told apart from muP's {@code 0} with room for the finite-width deviations of small widths.
     */
    public static final double STABLE_EXPONENT = 0.25;

    /** Validates and copies the components. */
    public WidthTrend {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(verdict, "verdict");
        changeExponents = List.copyOf(changeExponents);
        sizeExponents = List.copyOf(sizeExponents);
        if (changeExponents.isEmpty() || sizeExponents.size() != changeExponents.size() + 1) {
            throw new IllegalArgumentException("need change exponents for steps 1..T and size exponents for steps"
                    + " 0..T, got " + changeExponents.size() + " and " + sizeExponents.size());
        }
        Objects.checkIndex(step - 1, changeExponents.size());
    }

    /** The verdict on a layer. */
    @API(status = EXPERIMENTAL, since = "0.5")
    public enum Verdict {
        /** {@code |b| <= STABLE_EXPONENT} at every step. */
        STABLE,
        /** {@code b > STABLE_EXPONENT} at the judged step. */
        GROWS,
        /** {@code b < -STABLE_EXPONENT} at the judged step. */
        VANISHES,
        /** No exponent: at some step a change was zero or not finite (training diverged) at some widths. */
        UNDEFINED
    }

    /**
     * Fits and judges one layer.
     *
     * @param layer   the layer
     * @param widths  the widths, at least 2, positive and not all equal
     * @param changes {@code changes[t][w]}: the mean change since initialization at step {@code t} (row 0,
     *                initialization, is ignored) and width {@code w}
     * @param sizes   {@code sizes[t][w]}: the mean size at step {@code t} and width {@code w}
     * @return the trend
     * @throws IllegalArgumentException when there is no step after initialization, the rows differ in length
     *                                  from the widths or the widths cannot be fitted
     */
    public static WidthTrend of(ProbedLayer layer, int[] widths, double[][] changes, double[][] sizes) {
        if (changes.length < 2 || sizes.length != changes.length) {
            throw new IllegalArgumentException("need sizes at initialization and at least one step, got "
                    + changes.length + " and " + sizes.length + " rows");
        }
        List<Double> changeExponents = new ArrayList<>();
        List<Double> sizeExponents = new ArrayList<>();
        sizeExponents.add(exponent(widths, sizes[0]));
        int judged = 0;
        for (int t = 1; t < changes.length; t++) {
            double b = exponent(widths, changes[t]);
            changeExponents.add(b);
            sizeExponents.add(exponent(widths, sizes[t]));
            double worst = changeExponents.get(judged);
            if (!Double.isNaN(worst) && (Double.isNaN(b) || Math.abs(b) > Math.abs(worst))) {
                judged = t - 1;
            }
        }
        double exponent = changeExponents.get(judged);
        Verdict verdict;
        if (Double.isNaN(exponent)) {
            verdict = Verdict.UNDEFINED;
        } else if (exponent > STABLE_EXPONENT) {
            verdict = Verdict.GROWS;
        } else if (exponent < -STABLE_EXPONENT) {
            verdict = Verdict.VANISHES;
        } else {
            verdict = Verdict.STABLE;
        }
        return new WidthTrend(layer, changeExponents, sizeExponents, judged + 1, verdict);
    }

    /** @return the judged step's change exponent, NaN when the verdict is undefined */
    public double exponent() {
        return changeExponents.get(step - 1);
    }

    /** @return the size exponent at the judged step */
    public double sizeExponent() {
        return sizeExponents.get(step);
    }

    /**
     * The least-squares slope {@code b} of {@code log y} on {@code log width}.
     *
     * @param widths the widths, at least 2, positive and not all equal
     * @param values the values at each width
     * @return {@code b}; 0 when every value is 0 (nothing changes at any width); NaN when some values, not
     *         all, are 0, or any is negative or not finite
     * @throws IllegalArgumentException when the lengths differ or the widths cannot be fitted
     */
    public static double exponent(int[] widths, double[] values) {
        if (widths.length != values.length) {
            throw new IllegalArgumentException(widths.length + " widths but " + values.length + " values");
        }
        if (widths.length < 2) {
            throw new IllegalArgumentException("fitting an exponent needs at least 2 widths, got " + widths.length);
        }
        boolean allZero = true;
        boolean fittable = true;
        for (double v : values) {
            allZero &= v == 0;
            fittable &= v > 0 && Double.isFinite(v);
        }
        if (allZero) {
            return 0;
        }
        if (!fittable) {
            return Double.NaN;
        }
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1) {
                throw new IllegalArgumentException("widths must be >= 1, got " + widths[i]);
            }
            meanX += Math.log(widths[i]);
            meanY += Math.log(values[i]);
        }
        meanX /= widths.length;
        meanY /= widths.length;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < widths.length; i++) {
            double dx = Math.log(widths[i]) - meanX;
            sxy += dx * (Math.log(values[i]) - meanY);
            sxx += dx * dx;
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("fitting an exponent needs at least 2 different widths");
        }
        return sxy / sxx;
    }

    /**
     * @return the verdict in words: {@code stable}, {@code grows with width (exponent 1.02)},
     *         {@code vanishes with width (exponent -0.50)} or {@code undefined (zero or non-finite sizes)}
     */
    public String description() {
        return switch (verdict) {
            case STABLE -> "stable";
            case GROWS -> String.format(Locale.ROOT, "grows with width (exponent %.2f)", exponent());
            case VANISHES -> String.format(Locale.ROOT, "vanishes with width (exponent %.2f)", exponent());
            case UNDEFINED -> "undefined (zero or non-finite sizes)";
        };
    }
}
