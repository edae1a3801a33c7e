package org.initlab.core.inspect;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.core.model.Activation;
import org.initlab.spi.LayerKind;

/**
 * Turns layer statistics into one plain sentence, and an activation into the initializer it calls for.
 *
 * <p>The verdict is the first of these that applies, judged on the hidden layers (all weighted layers, dense
 * or convolution, but the output layer; the only layer when there is just one). A convolution's units are its
 * filters (output channels), and its activation is its stage's output, after pooling:
 * <ol>
 *   <li>{@code overflow}: a statistic is not a finite number;</li>
 *   <li>{@code symmetric}: at least half of a hidden layer's units (and at least 2) are exact copies of another
 *       unit, weights and gradients alike;</li>
 *   <li>{@code saturated}: tanh or sigmoid units spend on average at least 25% of their time in the flat tails;</li>
 *   <li>{@code dead ReLUs}: at least half of a ReLU layer's units never turn on for the batch (deep zero-bias
 *       ReLU nets drift towards 50% at initialization as the samples' representations align with depth, so
 *       less is not flagged);</li>
 *   <li>{@code signal vanishes}: the last hidden activation std is below 0.01, or it is below 0.1 and the
 *       geometric-mean factor per layer is below 0.8 (a variance ratio below 0.64);</li>
 *   <li>{@code signal explodes}: the last hidden activation std is above 100, or above 10 with a factor per
 *       layer above 1.25 (a variance ratio above 1.56: doubling the variance, a std factor of 1.41, is
 *       flagged);</li>
 *   <li>{@code gradients vanish / explode towards the input}: the first layer's weight-gradient std is below
 *       1e-3 (above 1e3) times the output layer's (not judged when the output layer starts at zero, as
 *       Fixup's classifier does: nothing flows back before its first update);</li>
 *   <li>{@code healthy}, with the ranges seen.</li>
 * </ol>
 */
@API(status = INTERNAL, since = "0.1")
public final class Verdicts {
    private static final double SYMMETRIC_SHARE = 0.5;
    private static final double SATURATED_SHARE = 0.25;
    private static final double DEAD_SHARE = 0.5;
    private static final double VANISHED_STD = 0.01;
    private static final double SMALL_STD = 0.1;
    private static final double EXPLODED_STD = 100;
    private static final double LARGE_STD = 10;
    private static final double SHRINKING = 0.8;
    private static final double GROWING = 1 / SHRINKING;
    private static final double GRADIENT_SPREAD = 1e3;

    private Verdicts() {
    }

    /**
     * The first cause of the list above that applies, each judged by a method of its own, else {@code healthy}.
     *
     * @param layers the statistics of every weighted layer, in order (not empty)
     * @return one sentence starting with a key word and a colon, e.g. {@code "signal vanishes: activation std
     *         falls by a factor 0.224 per layer; layer 10 std 3.2e-7"}
     */
    public static String verdict(List<LayerStatistics> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("no layers to judge");
        }
        List<LayerStatistics> hidden = hidden(layers);
        return overflow(layers)
                .or(() -> symmetricUnits(layers, hidden))
                .or(() -> saturatedUnits(hidden))
                .or(() -> deadRelus(hidden))
                .or(() -> vanishingSignal(hidden))
                .or(() -> explodingSignal(hidden))
                .or(() -> gradientSpreadTowardsInput(layers))
                .orElseGet(() -> healthy(layers, hidden));
    }

    /** The first layer with a statistic that is not a finite number. */
    private static Optional<String> overflow(List<LayerStatistics> layers) {
        return layers.stream().filter(l -> !l.finite()).findFirst()
                .map(l -> "overflow: layer " + l.index() + " produces values that are not finite numbers (the "
                        + "weights are far too large)");
    }

    /** The first hidden layer (never the output layer) with at least half of its units, and two, copies. */
    private static Optional<String> symmetricUnits(List<LayerStatistics> layers, List<LayerStatistics> hidden) {
        LayerStatistics output = layers.get(layers.size() - 1);
        return hidden.stream()
                .filter(l -> l != output && l.symmetricUnits() >= 2
                        && l.symmetricUnits() >= SYMMETRIC_SHARE * l.units())
                .findFirst()
                .map(Verdicts::symmetrySentence);
    }

    private static String symmetrySentence(LayerStatistics l) {
        String noun = l.unitNoun();
        return l.symmetricUnits() == l.units()
                ? "symmetric: all " + l.units() + " " + noun + " of layer " + l.index() + " are identical "
                + "(zero or constant weights never break symmetry)"
                : "symmetric: " + l.symmetricUnits() + " of " + l.units() + " " + noun + " of layer "
                + l.index() + " are copies of another " + noun.substring(0, noun.length() - 1)
                + " (identical weights and gradients never break symmetry)";
    }

    /** tanh or sigmoid units that spend, averaged over the hidden layers, a quarter of their time in the tails. */
    private static Optional<String> saturatedUnits(List<LayerStatistics> hidden) {
        double saturated = hidden.stream().mapToDouble(LayerStatistics::saturatedFraction).average().orElse(0);
        if (saturated >= SATURATED_SHARE) {
            Activation activation = hidden.get(0).activation();
            String where = activation == Activation.SIGMOID ? "outside [0.01, 0.99]" : "beyond 0.99";
            return Optional.of(String.format(Locale.ROOT, "saturated: %.0f%% of %s units %s (mean over %d hidden "
                    + "layer%s); their gradients are close to zero", 100 * saturated, activation.specName(), where,
                    hidden.size(), hidden.size() == 1 ? "" : "s"));
        }
        return Optional.empty();
    }

    /** The hidden layer with the largest share of units that never turn on, when that share is half or more. */
    private static Optional<String> deadRelus(List<LayerStatistics> hidden) {
        LayerStatistics deadest = hidden.get(0);
        for (LayerStatistics l : hidden) {
            if (l.deadFraction() > deadest.deadFraction()) {
                deadest = l;
            }
        }
        if (deadest.deadFraction() >= DEAD_SHARE) {
            return Optional.of(String.format(Locale.ROOT, "dead ReLUs: %.0f%% of the %d %s of layer %d are %s for "
                    + "the whole batch", 100 * deadest.deadFraction(), deadest.units(),
                    deadest.kind() == LayerKind.CONV ? "channels" : "units", deadest.index(),
                    deadest.activation() == Activation.RELU ? "zero" : "never positive"));
        }
        return Optional.empty();
    }

    /** The last hidden std below 0.01, or below 0.1 after shrinking by a factor under 0.8 per layer. */
    private static Optional<String> vanishingSignal(List<LayerStatistics> hidden) {
        LayerStatistics last = hidden.get(hidden.size() - 1);
        double factor = factorPerLayer(hidden);
        boolean deep = hidden.size() > 1;
        boolean vanishes = last.activationStd() < VANISHED_STD
                || deep && factor < SHRINKING && last.activationStd() < SMALL_STD;
        return vanishes ? Optional.of(signalSentence("signal vanishes", "falls", factor, last, deep))
                : Optional.empty();
    }

    /** The last hidden std above 100, or above 10 after growing by a factor over 1.25 per layer. */
    private static Optional<String> explodingSignal(List<LayerStatistics> hidden) {
        LayerStatistics last = hidden.get(hidden.size() - 1);
        double factor = factorPerLayer(hidden);
        boolean deep = hidden.size() > 1;
        boolean explodes = last.activationStd() > EXPLODED_STD
                || deep && factor > GROWING && last.activationStd() > LARGE_STD;
        return explodes ? Optional.of(signalSentence("signal explodes", "grows", factor, last, deep))
                : Optional.empty();
    }

    private static String signalSentence(String cause, String verb, double factor, LayerStatistics last,
                                         boolean deep) {
        return deep ? cause + ": activation std " + verb + " by a factor " + format(factor) + " per layer; layer "
                + last.index() + " std " + format(last.activationStd())
                : cause + ": layer " + last.index() + " activation std " + format(last.activationStd());
    }

    /** The first layer's weight-gradient std more than 1e3 times smaller or larger than the output layer's. */
    private static Optional<String> gradientSpreadTowardsInput(List<LayerStatistics> layers) {
        if (layers.size() == 1 || layers.get(layers.size() - 1).weightStd() == 0) {
            // a zero output layer (Fixup's zero classifier) passes no gradient back before its first update:
            // every earlier layer's gradient is exactly 0 by design, not a gradient that vanished with depth
            return Optional.empty();
        }
        double g = layers.get(0).weightGradientStd() / layers.get(layers.size() - 1).weightGradientStd();
        if (g < 1 / GRADIENT_SPREAD || g > GRADIENT_SPREAD) {
            return Optional.of("gradients " + (g < 1 ? "vanish" : "explode") + " towards the input: the "
                    + "weight-gradient std of layer 1 is " + format(g) + " times that of layer " + layers.size());
        }
        return Optional.empty();
    }

    /** No cause applies: the ranges of the hidden activation stds and of every layer's weight-gradient std. */
    private static String healthy(List<LayerStatistics> layers, List<LayerStatistics> hidden) {
        double low = hidden.stream().mapToDouble(LayerStatistics::activationStd).min().orElseThrow();
        double high = hidden.stream().mapToDouble(LayerStatistics::activationStd).max().orElseThrow();
        double gLow = layers.stream().mapToDouble(LayerStatistics::weightGradientStd).min().orElseThrow();
        double gHigh = layers.stream().mapToDouble(LayerStatistics::weightGradientStd).max().orElseThrow();
        String where = layers.size() == 1 ? "output std " + format(low)
                : "activation std " + range(low, high) + " over " + hidden.size() + " hidden layer"
                + (hidden.size() > 1 ? "s (factor " + format(factorPerLayer(hidden)) + " per layer)" : "");
        return "healthy: " + where + "; weight-gradient std " + range(gLow, gHigh);
    }

    /** The geometric-mean factor of the activation std per hidden layer; NaN for a single hidden layer. */
    private static double factorPerLayer(List<LayerStatistics> hidden) {
        if (hidden.size() < 2) {
            return Double.NaN;
        }
        double first = hidden.get(0).activationStd();
        double last = hidden.get(hidden.size() - 1).activationStd();
        return Math.pow(last / first, 1.0 / (hidden.size() - 1));
    }

    /**
     * The initializer the network's hidden activation calls for, with the reason in one sentence.
     *
     * @param layers the statistics of every weighted layer (the first layer's activation decides)
     * @param init   the spec in use; when it is already the recommended initializer the advice is "keep"
     * @return e.g. {@code "use he-normal: He et al. (2015) ..."}
     */
    public static String recommendation(List<LayerStatistics> layers, String init) {
        Activation activation = hidden(layers).get(0).activation();
        String recommended = switch (activation) {
            case RELU -> "he-normal";
            case LEAKY_RELU -> "he-normal(a=0.01)";
            case GELU, GELU_TANH, SILU, MISH, ELU, SIGMOID -> "variance-scaling(scale=" + scale(activation)
                    + ", distribution=untruncated_normal)";
            case TANH, SELU, IDENTITY -> "lecun-normal";
        };
        String reason = switch (activation) {
            case RELU -> "He et al. (2015) draw N(0, 2/fan_in) because ReLU zeroes half of its input, so the "
                    + "second moment of the pre-activations stays constant with depth.";
            case LEAKY_RELU -> "He et al. (2015) with gain sqrt(2/(1+a^2)) keep the second moment of the "
                    + "pre-activations constant through leaky ReLUs of negative slope a = 0.01.";
            case GELU, ELU -> String.format(Locale.ROOT, "at unit input variance E[%s(z)^2] = %.3f, not ReLU's 0.5, "
                    + "so He's N(0, 2/fan_in) multiplies the pre-activation second moment by %.2f per layer; "
                    + "Var(W) = %s/fan_in (gain %.3f, by quadrature) keeps it at 1 (%s).", activation.specName(),
                    MeanField.secondMoment(activation, 1), 2 * MeanField.secondMoment(activation, 1),
                    scale(activation), MeanField.preservingGain(activation), MeanField.fixedPointSlope(activation) > 1
                    ? String.format(Locale.ROOT, "an unstable fixed point, slope %.2f: smaller inputs still shrink "
                    + "layer by layer, so standardize the inputs", MeanField.fixedPointSlope(activation))
                    : String.format(Locale.ROOT, "a stable fixed point, slope %.2f",
                    MeanField.fixedPointSlope(activation)));
            case SIGMOID -> String.format(Locale.ROOT, "E[sigmoid(z)^2] = %.3f at unit input variance (the mean 0.5 "
                    + "included), so Var(W) = %s/fan_in (gain %.3f, by quadrature) keeps the pre-activation second "
                    + "moment at 1; gradients still shrink by sigmoid' <= 1/4 per layer, so prefer tanh or ReLU "
                    + "for deep networks (Glorot and Bengio 2010).", MeanField.secondMoment(activation, 1),
                    scale(activation), MeanField.preservingGain(activation));
            case TANH -> String.format(Locale.ROOT, "for tanh N(0, 1/fan_in) is the edge of chaos of mean-field "
                    + "theory (Poole et al. 2016, Schoenholz et al. 2017): gradients keep their size with depth "
                    + "(chi_1 = 1) while the signal shrinks slowly; gain 5/3 (PyTorch) is chaotic (chi_1 = %.2f, "
                    + "gradients grow backwards), though in shallow networks it may train faster. xavier-normal is "
                    + "the same for square layers.",
                    MeanField.chi1(activation, 5.0 / 3, MeanField.fixedPoint(activation, 5.0 / 3, 0)));
            case SELU -> "Klambauer et al. (2017) prove that SELU networks drive activations to zero mean and "
                    + "unit variance when the weights are N(0, 1/fan_in).";
            case GELU_TANH, SILU, MISH -> String.format(Locale.ROOT, "N(0, gain^2/fan_in) with the exact gain "
                    + "1/sqrt(E[f(z)^2]) = %.4f, z ~ N(0, 1), keeps the pre-activation second moment of %s layers "
                    + "constant, as He et al.'s (2015) sqrt(2) does for ReLU (PyTorch's calculate_gain has no entry "
                    + "for it).", activation.nonlinearity().exactGain(), activation.specName());
            case IDENTITY -> "without a nonlinearity N(0, 1/fan_in) makes fan_in * Var(W) = 1, so every layer "
                    + "keeps the variance of its input (LeCun et al. 1998).";
        };
        String name = recommended.contains("(") ? recommended.substring(0, recommended.indexOf('(')) : recommended;
        boolean same = init.replace(" ", "").equals(recommended.replace(" ", ""))
                || !recommended.contains("(") && init.startsWith(name)
                && (init.length() == name.length() || init.charAt(name.length()) == '(');
        return (same ? "keep " : "use ") + recommended + ": " + reason;
    }

    /**
     * The variance scale {@code 1 / E[phi(Z)^2]} that keeps unit-variance pre-activations at unit variance,
     * four significant digits ({@code 2.352} for GELU, {@code 1.551} for ELU).
     *
     * @param activation the activation after the layer
     * @return the scale as text for a spec
     */
    static String scale(Activation activation) {
        double g = MeanField.preservingGain(activation);
        return String.format(Locale.ROOT, "%.4g", g * g);
    }

    /**
     * Formats a statistic for a sentence: three significant digits, scientific notation below 1e-3 and
     * from 1e4 ({@code 0.224}, {@code 84.3}, {@code 3.2e-7}).
     *
     * @param x a number
     * @return its text
     */
    public static String format(double x) {
        if (!Double.isFinite(x)) {
            return Double.isNaN(x) ? "n/a" : x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return "0";
        }
        double abs = Math.abs(x);
        if (abs >= 1e-3 && abs < 1e4) {
            String s = String.format(Locale.ROOT, "%.3g", x);
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            return s;
        }
        String s = String.format(Locale.ROOT, "%.1e", x);
        int e = s.indexOf('e');
        String mantissa = s.substring(0, e).replaceAll("\\.0$", "");
        int exponent = Integer.parseInt(s.substring(e + 1));
        return mantissa + "e" + exponent;
    }

    private static String range(double low, double high) {
        return low == high ? format(low) : format(low) + ".." + format(high);
    }

    private static List<LayerStatistics> hidden(List<LayerStatistics> layers) {
        return layers.size() > 1 ? layers.subList(0, layers.size() - 1) : layers;
    }
}
