package org.initlab.core.model;

import static org.initlab.core.model.SpecText.MAX_WIDTH;
import static org.initlab.core.model.SpecText.error;
import static org.initlab.core.model.SpecText.nonNegative;
import static org.initlab.core.model.SpecText.normalization;
import static org.initlab.core.model.SpecText.optional;
import static org.initlab.core.model.SpecText.positive;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parser of {@code cnn:<input>-<layers>-<classes>[:<activation>]} specs (grammar in {@link ModelSpec}). */
final class CnnSpec {
    private static final Pattern CONV = Pattern.compile("c(\\d+)k(\\d+)(?:s(\\d+))?(?:p(\\d+))?(?:g(\\d+))?");
    private static final Pattern POOL = Pattern.compile("([pa])(\\d+)(?:s(\\d+))?");
    private static final Pattern DENSE = Pattern.compile("f(\\d+)(?:x(\\d+))?");
    private static final Pattern DROPOUT = Pattern.compile("d(\\d*\\.?\\d+)");
    private static final Pattern INPUT = Pattern.compile("(\\d+)x(\\d+)x(\\d+)");

    private final String text;
    private final Activation activation;
    private final List<String> tokens;
    private LayerChain chain;

    private CnnSpec(String text, String[] parts) {
        this.text = text;
        this.activation = SpecText.activation(text, parts);
        this.tokens = SpecText.items(text, parts[1]);
    }

    static Network parse(String text, String spec, String[] parts) {
        return new CnnSpec(text, parts).network(spec);
    }

    private Network network(String spec) {
        if (tokens.size() < 2) {
            throw error(text, "needs at least an input shape and a number of classes");
        }
        FeatureShape input = input(tokens.get(0));
        chain = new LayerChain(text, input);
        for (int t = 1; t < tokens.size(); t++) {
            String token = tokens.get(t);
            if (t == tokens.size() - 1) {
                classifier(token);
                break;
            }
            String norm = t + 1 < tokens.size() - 1 ? normalization(tokens.get(t + 1)) : null;
            if (layer(token, norm)) {
                t++;
            }
        }
        try {
            return new Network(input, chain.layers(), spec);
        } catch (IllegalArgumentException e) {
            throw error(text, e.getMessage());
        }
    }

    /** Parses the input item: {@code CxHxW} or a flat width. */
    private FeatureShape input(String first) {
        Matcher in = INPUT.matcher(first);
        if (in.matches()) {
            return FeatureShape.map(positive(text, in.group(1), "input channels", MAX_WIDTH),
                    positive(text, in.group(2), "input height", MAX_WIDTH),
                    positive(text, in.group(3), "input width", MAX_WIDTH));
        }
        if (first.chars().allMatch(c -> c >= '0' && c <= '9') && !first.isEmpty()) {
            return FeatureShape.flat(positive(text, first, "input width", MAX_WIDTH));
        }
        throw error(text, "the input '" + first + "' is neither CxHxW (e.g. 1x28x28) nor a width");
    }

    /** The last item: the number of classes, a dense layer producing the logits. */
    private void classifier(String token) {
        int classes = positive(text, token, "the number of classes (the last item, '" + token + "')", MAX_WIDTH);
        if (classes < 2) {
            throw error(text, "the number of classes must be at least 2");
        }
        chain.flattenIfNeeded();
        chain.add(new DenseLayer(chain.shape().size(), classes));
    }

    /**
     * Adds the layers of one item.
     *
     * @return whether the item used the normalization token that follows it
     */
    private boolean layer(String token, String norm) {
        Matcher m;
        if (ResidualSpec.isBlock(token)) {
            ResidualSpec.addBlocks(text, token, chain, activation);
            return false;
        }
        if ((m = CONV.matcher(token)).matches()) {
            chain.add(convolution(text, token, m, chain.shape()));
            chain.normalizeAndActivate(norm, activation);
            return norm != null;
        }
        if ((m = DENSE.matcher(token)).matches()) {
            int units = positive(text, m.group(1), "units in '" + token + "'", MAX_WIDTH);
            int repeat = optional(text, m.group(2), 1, "repeat count in '" + token + "'");
            for (int r = 0; r < repeat; r++) {
                chain.flattenIfNeeded();
                chain.add(new DenseLayer(chain.shape().size(), units));
                chain.normalizeAndActivate(norm, activation);
            }
            return norm != null;
        }
        if ((m = POOL.matcher(token)).matches()) {
            int kernel = positive(text, m.group(2), "pooling kernel in '" + token + "'", MAX_WIDTH);
            int stride = optional(text, m.group(3), kernel, "pooling stride in '" + token + "'");
            chain.add(m.group(1).equals("p") ? new MaxPool2dLayer(kernel, stride) : new AvgPool2dLayer(kernel, stride));
        } else if ((m = DROPOUT.matcher(token)).matches()) {
            chain.add(dropout(token, m));
        } else if (token.equals("gap")) {
            if (!chain.shape().spatial()) {
                throw error(text, "'gap' (global average pooling) needs a map, but the input of layer "
                        + chain.size() + " is a flat vector of " + chain.shape().size());
            }
            chain.add(new GlobalAvgPool2dLayer());
        } else if (normalization(token) != null) {
            throw error(text, "'" + token + "' must follow a convolution (c...) or a dense layer (f...)");
        } else {
            throw error(text, "unknown layer '" + token + "' (expected c<out>k<kernel>[s<stride>][p<padding>]"
                    + "[g<groups>], f<units>, bn, ln, rms, p<kernel>, a<kernel>, gap, d<probability>, a residual "
                    + "block [...], or the number of classes last)");
        }
        return false;
    }

    /** @return the convolution a {@code c<out>k<kernel>...} token names, reading the channels from the shape */
    static Conv2dLayer convolution(String text, String token, Matcher m, FeatureShape shape) {
        try {
            return new Conv2dLayer(shape.channels(), positive(text, m.group(1), "channels in '" + token + "'",
                    MAX_WIDTH), positive(text, m.group(2), "kernel in '" + token + "'", MAX_WIDTH),
                    optional(text, m.group(3), 1, "stride in '" + token + "'"),
                    m.group(4) == null ? 0 : nonNegative(text, m.group(4), "padding in '" + token + "'"),
                    optional(text, m.group(5), 1, "groups in '" + token + "'"));
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("bad model spec")) {
                throw e;
            }
            throw error(text, "'" + token + "': " + e.getMessage());
        }
    }

    /** @return a matcher of a convolution token */
    static Matcher conv(String token) {
        return CONV.matcher(token);
    }

    private DropoutLayer dropout(String token, Matcher m) {
        double p;
        try {
            p = Double.parseDouble(m.group(1));
        } catch (NumberFormatException e) {
            throw error(text, "dropout '" + token + "' needs a probability such as d0.5");
        }
        try {
            return new DropoutLayer(p);
        } catch (IllegalArgumentException e) {
            throw error(text, "dropout '" + token + "': " + e.getMessage());
        }
    }
}
