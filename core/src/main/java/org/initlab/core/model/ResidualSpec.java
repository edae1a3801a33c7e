package org.initlab.core.model;

import static org.initlab.core.model.SpecText.MAX_LAYERS;
import static org.initlab.core.model.SpecText.MAX_WIDTH;
import static org.initlab.core.model.SpecText.error;
import static org.initlab.core.model.SpecText.normalization;
import static org.initlab.core.model.SpecText.positive;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parser of residual block items, {@code [<branch>]}, {@code pre[<branch>]} and {@code [...]x<N>}, shared
 * by the {@code mlp} and {@code cnn} families (grammar in {@link ModelSpec}).
 */
final class ResidualSpec {
    private static final Pattern BLOCK = Pattern.compile("(pre)?\\[(.*)\\](?:x(\\S+))?");
    private static final Pattern DENSE = Pattern.compile("f?(\\d+)");

    private final String text;
    private final String token;
    private final boolean pre;
    private final Activation activation;
    private final List<String> weighted = new ArrayList<>();
    private final List<String> norms = new ArrayList<>();
    private boolean gate;
    private boolean fixup;

    private ResidualSpec(String text, String token, Matcher m, Activation activation) {
        this.text = text;
        this.token = token;
        this.pre = m.group(1) != null;
        this.activation = activation;
        parseBranch(m.group(2));
    }

    /** @return whether an item is a residual block */
    static boolean isBlock(String item) {
        return item.contains("[");
    }

    /**
     * Appends the blocks an item names ({@code xN} repeats it, each repetition reading the shape the previous
     * one left).
     */
    static void addBlocks(String text, String item, LayerChain chain, Activation activation) {
        Matcher m = BLOCK.matcher(item);
        if (!m.matches()) {
            throw error(text, "bad residual block '" + item + "': expected [<branch>], pre[<branch>] or "
                    + "[<branch>]x<N>, e.g. [256-256]x50 or pre[c16k3p1-bn-c16k3p1-bn]x3");
        }
        int repeat = m.group(3) == null ? 1 : positive(text, m.group(3), "repeat count of '" + item + "'", MAX_LAYERS);
        ResidualSpec block = new ResidualSpec(text, item, m, activation);
        for (int r = 0; r < repeat; r++) {
            chain.add(block.build(chain.shape()));
        }
    }

    private void parseBranch(String body) {
        if (body.isBlank()) {
            throw error(text, "the residual block '" + token + "' has an empty branch");
        }
        for (String raw : body.split("-", -1)) {
            String t = raw.strip();
            if (t.equals("alpha")) {
                gate = true;
            } else if (t.equals("fixup")) {
                fixup = true;
                gate = true;
            } else if (normalization(t) != null) {
                if (weighted.isEmpty() || norms.get(norms.size() - 1) != null) {
                    throw error(text, "'" + t + "' in '" + token + "' must follow a layer of the branch");
                }
                norms.set(norms.size() - 1, t);
            } else if (CnnSpec.conv(t).matches() || DENSE.matcher(t).matches()) {
                weighted.add(t);
                norms.add(null);
            } else {
                throw error(text, "unknown item '" + t + "' in the residual block '" + token + "' (a branch holds "
                        + "c<out>k<kernel>[s<stride>][p<padding>] convolutions or widths, each optionally followed "
                        + "by bn, ln or rms, and alpha or fixup)");
            }
        }
        if (weighted.isEmpty()) {
            throw error(text, "the residual block '" + token + "' needs at least one layer in its branch");
        }
    }

    private ResidualBlock build(FeatureShape input) {
        List<Layer> branch = new ArrayList<>();
        FeatureShape shape = input;
        int stride = 1;
        for (int k = 0; k < weighted.size(); k++) {
            boolean last = k == weighted.size() - 1;
            if (pre) {
                if (norms.get(k) != null) {
                    branch.add(SpecText.normalizationLayer(norms.get(k), shape));
                }
                activate(branch);
            }
            if (fixup) {
                branch.add(new ScalarBiasLayer());
            }
            Layer layer = weightedLayer(weighted.get(k), shape);
            stride *= layer instanceof Conv2dLayer c ? c.stride() : 1;
            try {
                shape = layer.outputShape(shape);
            } catch (IllegalArgumentException e) {
                throw error(text, "'" + weighted.get(k) + "' in '" + token + "': " + e.getMessage());
            }
            branch.add(layer);
            if (!pre) {
                if (norms.get(k) != null) {
                    branch.add(SpecText.normalizationLayer(norms.get(k), shape));
                }
                if (!last) {
                    activate(branch);
                }
            }
        }
        if (gate) {
            branch.add(new GateLayer());
        }
        if (fixup) {
            branch.add(new ScalarBiasLayer());
        }
        return new ResidualBlock(branch, shortcut(input, shape, stride), pre ? Optional.empty()
                : Optional.of(activation));
    }

    private void activate(List<Layer> branch) {
        if (fixup) {
            branch.add(new ScalarBiasLayer());
        }
        branch.add(new ActivationLayer(activation));
    }

    private Layer weightedLayer(String item, FeatureShape shape) {
        Matcher conv = CnnSpec.conv(item);
        if (conv.matches()) {
            return CnnSpec.convolution(text, item, conv, shape);
        }
        Matcher dense = DENSE.matcher(item);
        dense.matches();
        if (shape.spatial()) {
            throw error(text, "the dense layer '" + item + "' in '" + token + "' needs a flat input, but the block "
                    + "reads a " + shape + " map (use convolutions in a block over maps)");
        }
        return new DenseLayer(shape.size(), positive(text, dense.group(1), "width '" + item + "' in '" + token
                + "'", MAX_WIDTH));
    }

    /**
     * The identity when the branch keeps the shape; else a projection (He et al. 2016a's option B): a dense
     * layer, or a 1x1 convolution with the branch's total stride, followed by batch normalization when the
     * branch is normalized by it in post-activation form (as torchvision's {@code downsample}).
     */
    private List<Layer> shortcut(FeatureShape input, FeatureShape output, int stride) {
        if (input.equals(output)) {
            return List.of();
        }
        if (!input.spatial()) {
            return List.of(new DenseLayer(input.size(), output.size()));
        }
        List<Layer> projection = new ArrayList<>();
        projection.add(new Conv2dLayer(input.channels(), output.channels(), 1, stride, 0, 1));
        if (!pre && norms.contains("bn")) {
            projection.add(BatchNormLayer.of(output.channels()));
        }
        return projection;
    }
}
