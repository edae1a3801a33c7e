package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * How one layer's coordinates scale with width at the last step of a coordinate check, and the verdict.
 *
 * <p>The exponent {@code b} of {@code size ~ width^b} is the least-squares slope of {@code log size} against
 * {@code log width} over the widths (sizes averaged over the seeds first). The verdict judges the exponent of
 * the <em>change since initialization</em> {@code mean |x_t - x_0|}: that is what the maximal update
 * parametrization keeps at {@code Theta(1)} in every layer (Yang and Hu 2021, Desideratum of "maximal
 * updates"; Yang et al. 2022, Tensor Programs V, section 5 and the coordinate check of its appendix), and it is
 * not diluted by the initial size at the small widths a quick check can afford: under the standard
 * parametrization with Adam the change grows like {@code width} in every layer after the first, while the size
 * {@code mean |x_t|} plotted by the paper mixes that growth with the width-independent {@code x_0} until the
 * change dominates. The size's exponent is reported next to it ({@link #sizeExponent()}).
 *
 * @param layer        the layer
 * @param exponent     the fitted exponent of the change since initialization at the last step; NaN when a
 *                     change is zero or not finite at some width but not all
 * @param sizeExponent the fitted exponent of the size {@code mean |x_t|} at the last step (NaN likewise)
 * @param verdict      the verdict on {@code exponent}
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record WidthTrend(ProbedLayer layer, double exponent, double sizeExponent, Verdict verdict) {
    /**
     * The largest {@code |b|} judged stable: a quarter, half of the {@code 1/2} by which the lazy (NTK) regime's
     * changes vanish and a quarter of the {@code 1} by which the standard parametrization's grow under Adam, so
     * both are told apart from muP's {@code 0} with room for the finite-width deviations of small widths.
     */
    public static final double STABLE_EXPONENT = 0.25;

    /** Validates the components. */
    public WidthTrend {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** The verdict on a layer. */
    @API(status = EXPERIMENTAL, since = "0.5")
    public enum Verdict {
        /** {@code |b| <= STABLE_EXPONENT}. */
        STABLE,
        /** {@code b > STABLE_EXPONENT}. */
        GROWS,
        /** {@code b < -STABLE_EXPONENT}. */
        VANISHES,
        /** No exponent: a size was zero or not finite (training diverged) at some widths. */
        UNDEFINED
    }

    /**
     * Fits and judges one layer.
     *
     * @param layer   the layer
     * @param widths  the widths, at least 2, positive and not all equal
     * @param changes the mean change since initialization at each width
     * @param sizes   the mean size at each width
     * @return the trend
     * @throws IllegalArgumentException when the arrays differ in length or the widths cannot be fitted
     */
    public static WidthTrend of(ProbedLayer layer, int[] widths, double[] changes, double[] sizes) {
        double exponent = exponent(widths, changes);
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
        return new WidthTrend(layer, exponent, exponent(widths, sizes), verdict);
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
            case GROWS -> String.format(Locale.ROOT, "grows with width (exponent %.2f)", exponent);
            case VANISHES -> String.format(Locale.ROOT, "vanishes with width (exponent %.2f)", exponent);
            case UNDEFINED -> "undefined (zero or non-finite sizes)";
        };
    }
}
