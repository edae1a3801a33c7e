package org.initlab.core;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.core.data.Dataset;

/**
 * What {@link Initlab#initialState(InitialStateRequest)} builds, as spec strings and values; start from
 * {@link #of(String, String)} and change what you need with the {@code with...} methods.
 *
 * @param model    model spec, e.g. {@code mlp:784-512-128-10:relu}
 * @param init     weight initializer spec, e.g. {@code he-normal} or {@code lsuv(pre=orthogonal)}
 * @param biasInit bias initializer spec
 * @param rules    per-parameter rules {@code GLOB=SPEC} ({@code compare --init-rule}), first match wins
 * @param seed     seed
 * @param train    training data the probe batch of data-dependent initializers is drawn from (as the trial sees
 *                 it: limited and normalized); empty for the bundled MNIST training split
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record InitialStateRequest(String model, String init, String biasInit, List<String> rules, long seed,
                                  Optional<Dataset> train) {
    /** Validates and copies. */
    public InitialStateRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(biasInit, "biasInit");
        rules = List.copyOf(rules);
        Objects.requireNonNull(train, "train");
    }

    /**
     * @param model model spec
     * @param init  weight initializer spec
     * @return a request with biases zero, no rules, seed 0, the bundled training data
     */
    public static InitialStateRequest of(String model, String init) {
        return new InitialStateRequest(model, init, "zeros", List.of(), 0, Optional.empty());
    }

    /**
     * @param value seed
     * @return a copy with that seed
     */
    public InitialStateRequest withSeed(long value) {
        return new InitialStateRequest(model, init, biasInit, rules, value, train);
    }

    /**
     * @param value bias initializer spec
     * @return a copy with that bias initializer
     */
    public InitialStateRequest withBiasInit(String value) {
        return new InitialStateRequest(model, init, value, rules, seed, train);
    }

    /**
     * @param value per-parameter rules {@code GLOB=SPEC}
     * @return a copy with those rules
     */
    public InitialStateRequest withRules(List<String> value) {
        return new InitialStateRequest(model, init, biasInit, value, seed, train);
    }

    /**
     * @param value training data for data-dependent initializers
     * @return a copy with that data
     */
    public InitialStateRequest withTrainData(Dataset value) {
        return new InitialStateRequest(model, init, biasInit, rules, seed, Optional.of(value));
    }
}
