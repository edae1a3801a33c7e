package org.initlab.core.experiment;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.model.Network;
import org.initlab.core.train.TrainingConfig;

/**
 * One comparison: every weight initializer is trained with every seed {@code firstSeed, firstSeed + 1, ...,
 * firstSeed + seedCount - 1}, all else equal.
 *
 * @param network   the network
 * @param inits     the weight initializer specs, in report order
 * @param biasInit  the bias initializer spec, shared by all trials
 * @param seedCount how many seeds per initializer, {@code >= 1}
 * @param firstSeed the first seed; {@code firstSeed + seedCount - 1} must not pass {@link Long#MAX_VALUE}
 * @param training  epochs, batch size, optimizer
 * @param rules     per-parameter overrides {@code GLOB=SPEC} (e.g. {@code 4.*=xavier-normal}), applied in order
 *                  on top of the weight and bias initializers in every trial
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ExperimentConfig(Network network, List<String> inits, String biasInit, int seedCount,
                               long firstSeed, TrainingConfig training, List<String> rules) {
    /** Validates and copies. */
    public ExperimentConfig {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(biasInit, "biasInit");
        Objects.requireNonNull(training, "training");
        inits = List.copyOf(inits);
        rules = List.copyOf(rules);
        if (inits.isEmpty()) {
            throw new IllegalArgumentException("at least one initializer is needed");
        }
        if (seedCount < 1) {
            throw new IllegalArgumentException("the number of seeds must be >= 1, got " + seedCount);
        }
        if (firstSeed > Long.MAX_VALUE - (seedCount - 1)) {
            throw new IllegalArgumentException("seeds " + firstSeed + ", " + firstSeed + " + 1, ... (" + seedCount
                    + " of them) go past the largest seed " + Long.MAX_VALUE + "; lower the first seed or the number "
                    + "of seeds");
        }
    }

    /**
     * A config without per-parameter rules.
     *
     * @param network   the network
     * @param inits     the weight initializer specs
     * @param biasInit  the bias initializer spec
     * @param seedCount seeds per initializer
     * @param firstSeed the first seed
     * @param training  the training settings
     */
    public ExperimentConfig(Network network, List<String> inits, String biasInit, int seedCount, long firstSeed,
                            TrainingConfig training) {
        this(network, inits, biasInit, seedCount, firstSeed, training, List.of());
    }

    /** @return the seeds in order */
    public List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < seedCount; i++) {
            seeds.add(firstSeed + i);
        }
        return List.copyOf(seeds);
    }
}
