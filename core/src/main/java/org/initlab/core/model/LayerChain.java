package org.initlab.core.model;

import static org.initlab.core.model.SpecText.MAX_LAYERS;
import static org.initlab.core.model.SpecText.error;

import java.util.ArrayList;
import java.util.List;

/** The layers a spec parser has built so far and the shape they end in; every add checks that the layer fits. */
final class LayerChain {
    private final String spec;
    private final List<Layer> layers = new ArrayList<>();
    private FeatureShape shape;

    LayerChain(String spec, FeatureShape input) {
        this.spec = spec;
        this.shape = input;
    }

    FeatureShape shape() {
        return shape;
    }

    List<Layer> layers() {
        return layers;
    }

    int size() {
        return layers.size();
    }

    /** Adds a layer (null adds nothing), failing with the layer's index when it does not fit the shape. */
    void add(Layer layer) {
        if (layer == null) {
            return;
        }
        FeatureShape out;
        try {
            out = layer.outputShape(shape);
        } catch (IllegalArgumentException e) {
            throw error(spec, "layer " + layers.size() + ": " + e.getMessage());
        }
        layers.add(layer);
        shape = out;
        if (layers.size() > MAX_LAYERS) {
            throw error(spec, "more than " + MAX_LAYERS + " layers");
        }
    }

    /** Adds a flatten when the shape is a map, as PyTorch needs {@code nn.Flatten()} before a linear layer. */
    void flattenIfNeeded() {
        if (shape.spatial()) {
            add(new FlattenLayer());
        }
    }

    /** Adds the normalization when asked ({@code bn}, {@code ln}, {@code rms}), then the activation. */
    void normalizeAndActivate(String norm, Activation activation) {
        if (norm != null) {
            add(SpecText.normalizationLayer(norm, shape));
        }
        add(new ActivationLayer(activation));
    }
}
