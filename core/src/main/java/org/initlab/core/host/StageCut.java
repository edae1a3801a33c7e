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
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.TransformerBlock;

/**
 * Cuts a network into {@link Stage stages}, in forward order: the trunk's weighted layers (a patch embedding as
 * its convolution), at each residual block the weighted layers of its branch, then its projection shortcut, and at
 * each transformer block its four projections ({@code in_proj}, {@code out_proj}, {@code linear1} with its
 * activation, {@code linear2}) as dense layers over the tokens. A stage runs to the next weighted layer of its own
 * sequence; in the trunk a residual or transformer block also ends it.
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
            } else if (layer instanceof TransformerBlock t) {
                block++;
                cut.transformer(t, i, shapes.get(i), "block " + block);
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
        while (end < layers.size() && !weighted(layers.get(end)) && !(layers.get(end) instanceof ResidualBlock)
                && !(layers.get(end) instanceof TransformerBlock)) {
            end++;
        }
        List<Layer> following = layers.subList(start + 1, end);
        Activation activation = following.stream().filter(ActivationLayer.class::isInstance)
                .map(l -> ((ActivationLayer) l).activation()).findFirst().orElse(Activation.IDENTITY);
        Layer layer = layers.get(start) instanceof PatchEmbedding p ? p.convolution() : layers.get(start);
        stages.add(new Stage(stages.size(), site, place, layer, following, shapes.get(start),
                shapes.get(start + 1), shapes.get(end), activation));
    }

    /** Adds the four projections of a transformer block; the attention itself and the norms belong to none. */
    private void transformer(TransformerBlock block, int layer, FeatureShape in, String place) {
        int tokens = in.tokens();
        int d = block.dim();
        int f = block.ffWidth();
        String attention = place + " attention";
        String feedForward = place + " feed-forward";
        projection(new LayerSite(layer, LayerSite.Segment.ATTENTION, 0), attention, new DenseLayer(d, 3 * d),
                List.of(), tokens, Activation.IDENTITY);
        projection(new LayerSite(layer, LayerSite.Segment.ATTENTION, 2), attention, new DenseLayer(d, d), List.of(),
                tokens, Activation.IDENTITY);
        projection(new LayerSite(layer, LayerSite.Segment.FEED_FORWARD, 0), feedForward, new DenseLayer(d, f),
                List.of(new ActivationLayer(block.activation())), tokens, block.activation());
        projection(new LayerSite(layer, LayerSite.Segment.FEED_FORWARD, 2), feedForward, new DenseLayer(f, d),
                List.of(), tokens, Activation.IDENTITY);
    }

    private void projection(LayerSite site, String place, DenseLayer layer, List<Layer> following, int tokens,
                            Activation activation) {
        FeatureShape out = FeatureShape.sequence(tokens, layer.outputs());
        stages.add(new Stage(stages.size(), site, place, layer, following, FeatureShape.sequence(tokens,
                layer.inputs()), out, out, activation));
    }

    private static boolean weighted(Layer layer) {
        return layer instanceof DenseLayer || layer instanceof Conv2dLayer || layer instanceof PatchEmbedding;
    }
}
