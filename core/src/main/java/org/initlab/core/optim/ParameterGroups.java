package org.initlab.core.optim;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Per-parameter multipliers of the optimizer's learning rate and weight decay, PyTorch's parameter groups
 * ({@code torch.optim.Adam([{'params': ..., 'lr': ...}, ...])}) written as one factor per parameter path. A
 * parameter that is not listed uses the optimizer's own values (factor 1). Width parametrizations (muP's
 * {@code MuAdam} and {@code MuSGD}) are the main user: they divide or multiply the learning rate of each layer
 * by its width multiplier.
 *
 * @param scales the factors by parameter path; every factor is finite and {@code >= 0}
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record ParameterGroups(Map<String, GroupScale> scales) {

    private static final ParameterGroups UNIFORM = new ParameterGroups(Map.of());

    /** Validates and copies (keeps the order). */
    public ParameterGroups {
        Objects.requireNonNull(scales, "scales");
        scales.forEach((path, scale) -> {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(scale, () -> "scale of " + path);
        });
        scales = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scales));
    }

    /** @return the groups where every parameter uses the optimizer's own learning rate and weight decay */
    public static ParameterGroups uniform() {
        return UNIFORM;
    }

    /**
     * @param path a parameter path, e.g. {@code 2.weight}
     * @return its factors ({@link GroupScale#ONE} when it is not listed)
     */
    public GroupScale scaleOf(String path) {
        return scales.getOrDefault(path, GroupScale.ONE);
    }

    /**
     * The factors of every parameter of a network, after checking that each listed path is one of its parameters.
     *
     * @param paths the network's parameter paths, in its order
     * @return the factors of each path, same order
     * @throws IllegalArgumentException naming a listed path that is not among {@code paths}
     */
    public List<GroupScale> scalesFor(List<String> paths) {
        Set<String> known = new HashSet<>(paths);
        for (String path : scales.keySet()) {
            if (!known.contains(path)) {
                String listing = paths.size() <= 8 ? String.join(", ", paths)
                        : String.join(", ", paths.subList(0, 8)) + ", ... (" + paths.size() + " in all)";
                throw new IllegalArgumentException("parameter group '" + path + "' is not a parameter of the network"
                        + " (parameters: " + (paths.isEmpty() ? "none" : listing) + ")");
            }
        }
        return paths.stream().map(this::scaleOf).toList();
    }

    /** @return whether every parameter uses factor 1 for both the learning rate and the weight decay */
    public boolean isUniform() {
        return scales.values().stream().allMatch(GroupScale::isOne);
    }

    /**
     * The factors of one parameter.
     *
     * @param learningRate the multiplier of the learning rate, finite and {@code >= 0}
     * @param weightDecay  the multiplier of the weight decay, finite and {@code >= 0}
     */
    @API(status = EXPERIMENTAL, since = "0.5")
    public record GroupScale(double learningRate, double weightDecay) {
        /** Factor 1 for both. */
        public static final GroupScale ONE = new GroupScale(1, 1);

        /** Validates the factors. */
        public GroupScale {
            if (!(learningRate >= 0) || !(weightDecay >= 0) || Double.isInfinite(learningRate)
                    || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("learning-rate and weight-decay multipliers must be finite and"
                        + " >= 0, got " + learningRate + " and " + weightDecay);
            }
        }

        /** @return whether both factors are 1 */
        public boolean isOne() {
            return learningRate == 1 && weightDecay == 1;
        }
    }
}
