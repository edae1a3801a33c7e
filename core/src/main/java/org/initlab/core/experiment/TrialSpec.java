package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One trial as a self-contained, serializable unit: every field is a spec string or a number, so a trial can
 * be written to a journal, sent to another process and run there by any {@link TrialRunner} that has the
 * data. Two trials of one comparison differ only in {@link #weightInit()} and {@link #seed()}.
 *
 * @param model      the model spec, e.g. {@code mlp:784-512-128-10:relu}
 * @param weightInit the canonical weight initializer spec, e.g. {@code normal(std=0.01)}
 * @param biasInit   the bias initializer spec
 * @param rules      per-parameter overrides {@code GLOB=SPEC}, in order
 * @param seed       the trial seed
 * @param epochs     passes over the training set
 * @param batchSize  samples per step
 * @param optimizer  the optimizer spec, e.g. {@code sgd(lr=0.01, momentum=0.9)}
 * @param backend    the backend's name
 * @param parametrization the width parametrization spec, e.g. {@code sp} or {@code mup(base_width=64)}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record TrialSpec(String model, String weightInit, String biasInit, List<String> rules, long seed,
                        int epochs, int batchSize, String optimizer, String backend, String parametrization) {
    /** The parametrization of a trial that does not name one (and of journals written before it existed). */
    public static final String STANDARD = "sp";

    /** Validates and copies. */
    public TrialSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(weightInit, "weightInit");
        Objects.requireNonNull(biasInit, "biasInit");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(parametrization, "parametrization");
        rules = List.copyOf(rules);
    }

    /**
     * A trial under the standard parametrization ({@value #STANDARD}).
     *
     * @param model      the model spec
     * @param weightInit the canonical weight initializer spec
     * @param biasInit   the bias initializer spec
     * @param rules      per-parameter overrides
     * @param seed       the trial seed
     * @param epochs     passes over the training set
     * @param batchSize  samples per step
     * @param optimizer  the optimizer spec
     * @param backend    the backend's name
     */
    public TrialSpec(String model, String weightInit, String biasInit, List<String> rules, long seed, int epochs,
                     int batchSize, String optimizer, String backend) {
        this(model, weightInit, biasInit, rules, seed, epochs, batchSize, optimizer, backend, STANDARD);
    }

    /**
     * Whether another trial belongs to the same comparison: everything but the weight initializer and the
     * seed is equal.
     *
     * @param other another trial
     * @return {@code true} when only the weight initializer and the seed may differ
     */
    public boolean sameExperimentAs(TrialSpec other) {
        return firstDifference(other).isEmpty();
    }

    /**
     * The first setting, other than the weight initializer and the seed, in which another trial differs, as
     * {@code "name: this vs other"}; empty when they belong to the same comparison.
     *
     * @param other another trial
     * @return the difference, for a message
     */
    public java.util.Optional<String> firstDifference(TrialSpec other) {
        Object[][] pairs = {
                {"model", model, other.model},
                {"bias_init", biasInit, other.biasInit},
                {"init_rules", rules, other.rules},
                {"epochs", epochs, other.epochs},
                {"batch_size", batchSize, other.batchSize},
                {"optimizer", optimizer, other.optimizer},
                {"backend", backend, other.backend},
                {"parametrization", parametrization, other.parametrization}};
        for (Object[] p : pairs) {
            if (!p[1].equals(p[2])) {
                return java.util.Optional.of(p[0] + ": " + p[1] + " vs " + p[2]);
            }
        }
        return java.util.Optional.empty();
    }

    /** @return this trial's identity within its comparison: weight initializer and seed */
    public String key() {
        return weightInit + " seed " + seed;
    }
}
