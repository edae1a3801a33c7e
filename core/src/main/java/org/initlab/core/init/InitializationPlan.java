package org.initlab.core.init;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.initlab.core.model.Network;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * Which initializer fills which parameter: one for weights, one for biases (PyTorch's practice in
 * comparisons is zeros) and per-parameter overrides matched by path glob ({@code 4.*}, {@code *.bias},
 * {@code 0.weight}); the first matching override wins.
 *
 * @param weights   the initializer of every weight tensor
 * @param biases    the initializer of every bias tensor
 * @param overrides overrides by path glob, checked in order before the two defaults
 */
public record InitializationPlan(NamedInitializer weights, NamedInitializer biases,
                                 List<ParameterOverride> overrides) {

    /** Validates and copies. */
    public InitializationPlan {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(biases, "biases");
        overrides = List.copyOf(overrides);
    }

    /**
     * @param weights weight initializer
     * @param biases  bias initializer
     * @return a plan without overrides
     */
    public static InitializationPlan of(NamedInitializer weights, NamedInitializer biases) {
        return new InitializationPlan(weights, biases, List.of());
    }

    /**
     * @param parameter a parameter
     * @return the initializer that fills it
     */
    public NamedInitializer initializerFor(ParameterSpec parameter) {
        for (ParameterOverride o : overrides) {
            if (o.matches(parameter.path())) {
                return o.initializer();
            }
        }
        return parameter.role() == ParameterRole.BIAS ? biases : weights;
    }

    /**
     * Creates the initial parameters of a network. Parameter {@code p} is filled from
     * {@code SeededRandom.of(seed).fork("init").fork(p.path())}, so its values depend only on the seed, its
     * path, its description and its initializer: not on the backend, not on the order of layers.
     *
     * @param network the network
     * @param seed    the run seed
     * @return the parameters
     * @throws IllegalArgumentException when an initializer does not fit a parameter (the message names it)
     */
    public ParameterSet materialize(Network network, long seed) {
        SeededRandom init = SeededRandom.of(seed).fork("init");
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterSpec p : network.parameters()) {
            float[] values = new float[p.elementCount()];
            NamedInitializer initializer = initializerFor(p);
            try {
                initializer.initializer().initialize(p, values, init.fork(p.path()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(initializer.spec() + " cannot initialize " + p.path() + " "
                        + p.shape() + ": " + e.getMessage(), e);
            }
            tensors.add(new ParameterTensor(p, values));
        }
        return new ParameterSet(tensors);
    }

    /** @return a short description such as {@code he-normal, bias zeros} */
    public String describe() {
        StringBuilder sb = new StringBuilder(weights.spec()).append(", bias ").append(biases.spec());
        for (ParameterOverride o : overrides) {
            sb.append(", ").append(o.pathGlob()).append('=').append(o.initializer().spec());
        }
        return sb.toString();
    }

    /**
     * A per-parameter override.
     *
     * @param pathGlob    a glob over parameter paths where {@code *} matches any run of characters
     * @param initializer the initializer for matching parameters
     */
    public record ParameterOverride(String pathGlob, NamedInitializer initializer) {
        /** Validates the components. */
        public ParameterOverride {
            Objects.requireNonNull(pathGlob, "pathGlob");
            Objects.requireNonNull(initializer, "initializer");
        }

        /**
         * @param path a parameter path
         * @return whether the glob matches it
         */
        public boolean matches(String path) {
            String regex = Arrays.stream(pathGlob.split("\\*", -1)).map(Pattern::quote)
                    .collect(Collectors.joining(".*"));
            return Pattern.matches(regex, path);
        }
    }
}
