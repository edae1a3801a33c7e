package org.initlab.core.host;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;

/**
 * Cuts a network into {@link Stage stages}, in forward order: the trunk's weighted layers, and at each residual
 * block the weighted layers of its branch, then its projection shortcut. A stage runs to the next weighted
 * layer of its own sequence; in the trunk a residual block also ends it.
 */
final class StageCut {
    private final List<Stage> stages = new ArrayList<>();

    private StageCut() {
    }

    static List<Stage> of(Network network) {
        StageCut cut = new StageCut();
        List<Layer> layers = network.layers();
        List<FeatureShape> shapes = network.shapes();
        int block = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            if (layer instanceof ResidualBlock b) {
                block++;
                cut.sequence(b.branch(), b.branchShapes(shapes.get(i)),
                        new LayerSite(i, LayerSite.Segment.BRANCH, 0), "block " + block + " branch ");
                cut.sequence(b.shortcut(), b.shortcutShapes(shapes.get(i)),
                        new LayerSite(i, LayerSite.Segment.SHORTCUT, 0), "block " + block + " shortcut");
            } else if (weighted(layer)) {
                cut.add(layers, shapes, i, LayerSite.trunk(i), "");
            }
        }
        return List.copyOf(cut.stages);
    }

    /** Adds a stage for each weighted layer of a block's branch or shortcut. */
    private void sequence(List<Layer> layers, List<FeatureShape> shapes, LayerSite first, String place) {
        int number = 0;
        for (int j = 0; j < layers.size(); j++) {
            if (weighted(layers.get(j))) {
                number++;
                boolean branch = first.segment() == LayerSite.Segment.BRANCH;
                add(layers, shapes, j, first.shifted(j), branch ? place + number : place);
            }
        }
    }

    private void add(List<Layer> layers, List<FeatureShape> shapes, int start, LayerSite site, String place) {
        int end = start + 1;
        while (end < layers.size() && !weighted(layers.get(end)) && !(layers.get(end) instanceof ResidualBlock)) {
            end++;
        }
        List<Layer> following = layers.subList(start + 1, end);
        Activation activation = following.stream().filter(ActivationLayer.class::isInstance)
                .map(l -> ((ActivationLayer) l).activation()).findFirst().orElse(Activation.IDENTITY);
        stages.add(new Stage(stages.size(), site, place, layers.get(start), following, shapes.get(start),
                shapes.get(start + 1), shapes.get(end), activation));
    }

    private static boolean weighted(Layer layer) {
        return layer instanceof DenseLayer || layer instanceof Conv2dLayer;
    }
}
