package org.initlab.core.sweep;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;
import org.initlab.core.experiment.TrialSpec;
import org.initlab.core.width.Parametrization;

/**
 * A sweep: the settings of a trial as templates with {@code {name}} placeholders, a {@link Grid}, and seeds.
 * Every grid point with every seed is one ordinary {@link TrialSpec}; placeholders are replaced by the point's
 * values as plain text ({@link GridPoint#substitute}), numbers ({@code epochs}, {@code batch_size}) are parsed
 * after substitution.
 *
 * @param model     the model spec template, e.g. {@code mlp:784-{width}x{depth}-10:tanh}
 * @param init      the weight initializer spec template, e.g. {@code scaled-normal(sigma_w={sw})}
 * @param biasInit  the bias initializer spec template
 * @param rules     per-parameter override templates {@code GLOB=SPEC}, in order
 * @param optimizer the optimizer spec template
 * @param epochs    the epochs per trial, a whole number after substitution
 * @param batchSize the mini-batch size, a whole number after substitution
 * @param seeds     seeds per grid point, {@code >= 1}
 * @param seed      the first seed; the trials of a point use {@code seed, seed + 1, ...}
 * @param grid      the axes
 * @param parametrization the width parametrization spec template, e.g. {@code {p}(base_width=64)}; each trial
 *                  gets the canonical spec ({@code sp(base_width=64)} becomes {@code sp})
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SweepSpec(String model, String init, String biasInit, List<String> rules, String optimizer,
                        String epochs, String batchSize, int seeds, long seed, Grid grid, String parametrization) {
    /**
     * A sweep under the standard parametrization.
     *
     * @param model     the model spec template
     * @param init      the weight initializer spec template
     * @param biasInit  the bias initializer spec template
     * @param rules     per-parameter override templates
     * @param optimizer the optimizer spec template
     * @param epochs    the epochs template
     * @param batchSize the mini-batch size template
     * @param seeds     seeds per grid point
     * @param seed      the first seed
     * @param grid      the axes
     */
    public SweepSpec(String model, String init, String biasInit, List<String> rules, String optimizer, String epochs,
                     String batchSize, int seeds, long seed, Grid grid) {
        this(model, init, biasInit, rules, optimizer, epochs, batchSize, seeds, seed, grid, TrialSpec.STANDARD);
    }

    /** The default limit on the number of trials of a sweep (grid points times seeds). */
    public static final long DEFAULT_MAX_TRIALS = 100_000;

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException when {@code seeds < 1}, a placeholder names no axis or an axis is used by no
     *                                  template
     */
    public SweepSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(biasInit, "biasInit");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(epochs, "epochs");
        Objects.requireNonNull(batchSize, "batchSize");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(parametrization, "parametrization");
        rules = List.copyOf(rules);
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        }
        Map<String, String> templates = templates(model, init, biasInit, rules, optimizer, epochs, batchSize,
                parametrization);
        Map<String, String> first = new LinkedHashMap<>();
        grid.axes().forEach((name, values) -> first.put(name, values.get(0)));
        GridPoint probe = new GridPoint(0, first);
        templates.forEach(probe::substitute);
        String all = String.join("\n", templates.values());
        for (String axis : grid.names()) {
            if (!all.contains("{" + axis + "}")) {
                throw new IllegalArgumentException("grid axis '" + axis + "' is used by no setting: write {" + axis
                        + "} into model, init, bias_init, init_rules, optimizer, epochs, batch_size or parametrization, or"
                        + " drop it");
            }
        }
    }

    /** @return the number of trials, grid points times seeds ({@link Long#MAX_VALUE} on overflow) */
    public long trialCount() {
        long points = grid.size();
        return points > Long.MAX_VALUE / seeds ? Long.MAX_VALUE : points * seeds;
    }

    /**
     * Expands the sweep into trials: point-major, then seed.
     *
     * @param backend   the backend's name, written into every trial
     * @param maxTrials the most trials allowed ({@link #DEFAULT_MAX_TRIALS} unless the user raised it)
     * @return every trial with its grid point
     * @throws IllegalArgumentException when the sweep has more than {@code maxTrials} trials, a placeholder
     *                                  names no axis, a number does not parse or two points give the same trial
     */
    public List<SweepTrial> trials(String backend, long maxTrials) {
        long count = trialCount();
        if (count > maxTrials) {
            throw new IllegalArgumentException("the sweep has " + (count == Long.MAX_VALUE ? "too many" : count)
                    + " trials (" + grid.size() + " grid points x " + seeds + " seed" + (seeds == 1 ? "" : "s")
                    + "), more than the limit of " + maxTrials + "; raise --max-trials to run it");
        }
        List<SweepTrial> trials = new ArrayList<>();
        Set<TrialSpec> seen = new LinkedHashSet<>();
        for (GridPoint point : grid.points()) {
            Map<String, String> t = new LinkedHashMap<>();
            templates(model, init, biasInit, rules, optimizer, epochs, batchSize, parametrization)
                    .forEach((field, template) -> t.put(field, point.substitute(field, template)));
            List<String> concreteRules = new ArrayList<>();
            for (String rule : rules) {
                concreteRules.add(point.substitute("init_rules", rule));
            }
            int e = whole("epochs", t.get("epochs"), point);
            int b = whole("batch_size", t.get("batch_size"), point);
            String p = parametrization(t.get("parametrization"), point);
            for (int s = 0; s < seeds; s++) {
                TrialSpec spec = new TrialSpec(t.get("model"), t.get("init"), t.get("bias_init"), concreteRules,
                        seed + s, e, b, t.get("optimizer"), backend, p);
                if (!seen.add(spec)) {
                    throw new IllegalArgumentException("grid point " + point.label() + " gives the same trial as an "
                            + "earlier point (" + spec.model() + ", " + spec.weightInit() + ", seed " + spec.seed()
                            + "): two values of an axis substitute to the same text");
                }
                trials.add(new SweepTrial(point, spec));
            }
        }
        return List.copyOf(trials);
    }

    private static Map<String, String> templates(String model, String init, String biasInit, List<String> rules,
                                                 String optimizer, String epochs, String batchSize,
                                                 String parametrization) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("model", model);
        t.put("init", init);
        t.put("bias_init", biasInit);
        t.put("init_rules", String.join("\n", rules));
        t.put("optimizer", optimizer);
        t.put("epochs", epochs);
        t.put("batch_size", batchSize);
        t.put("parametrization", parametrization);
        return t;
    }

    private static String parametrization(String text, GridPoint point) {
        try {
            return Parametrization.parse(text).spec();
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(point.values().isEmpty() ? ex.getMessage()
                    : ex.getMessage() + " at grid point " + point.label(), ex);
        }
    }

    private static int whole(String field, String text, GridPoint point) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value < 1) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(field + " must be a whole number >= 1, got '" + text + "'"
                    + (point.values().isEmpty() ? "" : " at grid point " + point.label()));
        }
    }
}
