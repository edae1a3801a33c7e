package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.ParameterGroups;
import org.initlab.core.optim.ParameterGroups.GroupScale;

/**
 * A parametrization applied to one network and optimizer: what a trial trains.
 *
 * <ul>
 *   <li>{@link #network()}: the network with each dense layer's input multiplier set (same spec text);</li>
 *   <li>{@link #scaleInitial(ParameterSet)}: the initializer's values multiplied per parameter (applied after
 *       the initialization plan, data-dependent initializers included, has materialized them);</li>
 *   <li>{@link #groups()}: the learning-rate and weight-decay multipliers the backend session is opened with.</li>
 * </ul>
 *
 * @param parametrization the parametrization
 * @param network         the transformed network
 * @param layers          what happens to each dense layer, in order; empty when the parametrization changes
 *                        nothing it could describe (SP on a network that is not a dense stack)
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record WidthScaling(Parametrization parametrization, Network network, List<DenseScale> layers) {
    /** Validates and copies. */
    public WidthScaling {
        Objects.requireNonNull(parametrization, "parametrization");
        Objects.requireNonNull(network, "network");
        layers = List.copyOf(layers);
        for (DenseScale scale : layers) {
            if (!(network.layers().get(scale.layer()) instanceof DenseLayer d)
                    || d.inputMultiplier() != scale.inputMultiplier()) {
                throw new IllegalArgumentException("layer " + scale.layer() + " of " + network.spec()
                        + " is not a dense layer with input multiplier " + scale.inputMultiplier());
            }
        }
    }

    /**
     * Builds the transformed network from the original one.
     *
     * @param parametrization the parametrization
     * @param original        the network as the model spec builds it
     * @param layers          the per-layer scales
     * @return the scaling
     */
    static WidthScaling of(Parametrization parametrization, Network original, List<DenseScale> layers) {
        List<Layer> transformed = new ArrayList<>(original.layers());
        for (DenseScale scale : layers) {
            DenseLayer dense = (DenseLayer) transformed.get(scale.layer());
            transformed.set(scale.layer(), dense.withInputMultiplier(dense.inputMultiplier() * scale.inputMultiplier()));
        }
        List<DenseScale> actual = layers.stream().map(s -> new DenseScale(s.layer(), s.role(), s.fanInMultiplier(),
                s.fanOutMultiplier(), ((DenseLayer) transformed.get(s.layer())).inputMultiplier(), s.weight(),
                s.bias())).toList();
        return new WidthScaling(parametrization, new Network(original.inputShape(), transformed, original.spec()),
                actual);
    }

    /**
     * @return the learning-rate and weight-decay multiplier of every parameter whose factors are not 1, in
     *         network order ({@link ParameterGroups#uniform()} when none is)
     */
    public ParameterGroups groups() {
        Map<String, GroupScale> scales = new LinkedHashMap<>();
        for (DenseScale scale : layers) {
            put(scales, scale.weightPath(), scale.weight().group());
            put(scales, scale.biasPath(), scale.bias().group());
        }
        return scales.isEmpty() ? ParameterGroups.uniform() : new ParameterGroups(scales);
    }

    private static void put(Map<String, GroupScale> scales, String path, GroupScale scale) {
        if (!scale.isOne()) {
            scales.put(path, scale);
        }
    }

    /** @return the factor of every parameter's initial values that is not 1, by path in network order */
    public Map<String, Double> initialMultipliers() {
        Map<String, Double> factors = new LinkedHashMap<>();
        for (DenseScale scale : layers) {
            if (scale.weight().initialValue() != 1) {
                factors.put(scale.weightPath(), scale.weight().initialValue());
            }
            if (scale.bias().initialValue() != 1) {
                factors.put(scale.biasPath(), scale.bias().initialValue());
            }
        }
        return java.util.Collections.unmodifiableMap(factors);
    }

    /**
     * @param path a parameter path
     * @return the factor its initial values are multiplied by (1 when the parametrization leaves it alone)
     */
    public double initialMultiplierOf(String path) {
        return initialMultipliers().getOrDefault(path, 1.0);
    }

    /**
     * @param initial the initial parameters the plan materialized
     * @return a copy with each tensor's values multiplied by {@link #initialMultiplierOf}; the same object when
     *         no factor differs from 1
     */
    public ParameterSet scaleInitial(ParameterSet initial) {
        Map<String, Double> factors = initialMultipliers();
        if (factors.isEmpty()) {
            return initial;
        }
        List<ParameterTensor> scaled = new ArrayList<>();
        for (ParameterTensor t : initial.tensors()) {
            Double factor = factors.get(t.spec().path());
            if (factor == null) {
                scaled.add(t);
                continue;
            }
            float[] values = t.values().clone();
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) (values[k] * factor);
            }
            scaled.add(new ParameterTensor(t.spec(), values));
        }
        return new ParameterSet(scaled);
    }

    /**
     * @return whether every dense layer keeps input multiplier 1 and every parameter its initial values and
     *         learning rate: the trial is the SP trial
     */
    public boolean changesNothing() {
        return layers.stream().allMatch(s -> s.inputMultiplier() == 1 && s.weight().isOne() && s.bias().isOne());
    }
}
