package org.initlab.core.width;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;

/**
 * The dense layers of a network made of dense, activation, dropout and flatten layers (the networks NTK and
 * muP are defined for here), each with its {@link DenseRole}.
 *
 * @param network the network
 * @param layers  its dense layers in order
 */
record DenseStack(Network network, List<Entry> layers) {

    /**
     * One dense layer.
     *
     * @param index the layer's index in the network
     * @param layer the layer
     * @param role  its role
     */
    record Entry(int index, DenseLayer layer, DenseRole role) {
    }

    DenseStack {
        layers = List.copyOf(layers);
    }

    /**
     * @param network a network
     * @return its dense layers with roles, empty when the network has another kind of weighted or structural
     *         layer
     */
    static Optional<DenseStack> of(Network network) {
        return firstUnsupported(network).isPresent() ? Optional.empty() : Optional.of(build(network));
    }

    /**
     * @param network        a network
     * @param parametrization the parametrization's name, for the message
     * @return its dense layers with roles
     * @throws IllegalArgumentException naming the first layer of a kind the parametrization does not define
     */
    static DenseStack require(Network network, String parametrization) {
        Optional<Integer> bad = firstUnsupported(network);
        if (bad.isPresent()) {
            throw new IllegalArgumentException("parametrization " + parametrization + " is defined for dense"
                    + " networks (dense, activation, dropout and flatten layers) but layer " + bad.get() + " of "
                    + network.spec() + " is a " + kindName(network.layers().get(bad.get()))
                    + " layer; use sp for this network");
        }
        return build(network);
    }

    private static Optional<Integer> firstUnsupported(Network network) {
        for (int i = 0; i < network.layers().size(); i++) {
            Layer layer = network.layers().get(i);
            if (!(layer instanceof DenseLayer || layer instanceof ActivationLayer || layer instanceof DropoutLayer
                    || layer instanceof FlattenLayer)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static DenseStack build(Network network) {
        List<Integer> dense = network.denseLayerIndices();
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < dense.size(); k++) {
            boolean first = k == 0;
            boolean last = k == dense.size() - 1;
            DenseRole role = first && last ? DenseRole.INPUT_OUTPUT
                    : first ? DenseRole.INPUT : last ? DenseRole.OUTPUT : DenseRole.HIDDEN;
            entries.add(new Entry(dense.get(k), (DenseLayer) network.layers().get(dense.get(k)), role));
        }
        return new DenseStack(network, entries);
    }

    /** @return whether the network has a hidden width (at least two dense layers) */
    boolean hasHiddenWidth() {
        return layers.size() >= 2;
    }

    /** @return the first hidden width (the first dense layer's outputs); only when {@link #hasHiddenWidth()} */
    int firstHiddenWidth() {
        return layers.get(0).layer().outputs();
    }

    /**
     * @param layer a layer
     * @return its kind in words: {@code conv2d}, {@code batch norm}, {@code residual block}, ...
     */
    static String kindName(Layer layer) {
        String simple = layer.getClass().getSimpleName();
        String stem = simple.endsWith("Layer") ? simple.substring(0, simple.length() - "Layer".length()) : simple;
        return stem.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
