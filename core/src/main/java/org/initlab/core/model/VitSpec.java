package org.initlab.core.model;

import static org.initlab.core.model.SpecText.MAX_LAYERS;
import static org.initlab.core.model.SpecText.MAX_WIDTH;
import static org.initlab.core.model.SpecText.error;
import static org.initlab.core.model.SpecText.positive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.initlab.spi.internal.Suggestions;

/**
 * The parser of {@code vit:CxHxW-pP-dD-hH-LN[-ffF][-pre|-post|-nonorm][-deepnorm][-cls|-mean][-causal]-K[:act]}
 * specs (grammar in {@link ModelSpec}).
 */
final class VitSpec {
    private static final Pattern INPUT = Pattern.compile("(\\d+)x(\\d+)x(\\d+)");
    private static final Pattern SIZED = Pattern.compile("(p|d|h|L|ff)(\\d+)");
    private static final List<String> FLAGS = List.of("pre", "post", "nonorm", "deepnorm", "cls", "mean", "causal");
    private static final List<String> KNOWN = List.of("p<patch>", "d<width>", "h<heads>", "L<blocks>", "ff<width>",
            "pre", "post", "nonorm", "deepnorm", "cls", "mean", "causal");

    private final String text;
    private final Map<String, Integer> sizes = new HashMap<>();
    private final List<String> flags = new ArrayList<>();

    private VitSpec(String text) {
        this.text = text;
    }

    static Network parse(String text, String spec, String[] parts) {
        Activation activation = parts.length == 3 ? SpecText.activation(text, parts) : Activation.GELU;
        return new VitSpec(text).network(spec, SpecText.items(text, parts[1]), activation);
    }

    private Network network(String spec, List<String> tokens, Activation activation) {
        if (tokens.size() < 2) {
            throw error(text, "expected vit:CxHxW-pP-dD-hH-LN[-ffF][-pre|-post|-nonorm][-deepnorm][-cls|-mean]"
                    + "[-causal]-K[:activation], e.g. vit:1x28x28-p7-d64-h4-L6-10");
        }
        Matcher in = INPUT.matcher(tokens.get(0));
        if (!in.matches()) {
            throw error(text, "the input '" + tokens.get(0) + "' is not CxHxW (e.g. 1x28x28)");
        }
        FeatureShape image = FeatureShape.map(positive(text, in.group(1), "input channels", MAX_WIDTH),
                positive(text, in.group(2), "input height", MAX_WIDTH), positive(text, in.group(3), "input width",
                        MAX_WIDTH));
        for (String token : tokens.subList(1, tokens.size() - 1)) {
            option(token);
        }
        String last = tokens.get(tokens.size() - 1);
        int classes = positive(text, last, "the number of classes (the last item, '" + last + "')", MAX_WIDTH);
        if (classes < 2) {
            throw error(text, "the number of classes must be at least 2");
        }
        int patch = required("p", "the patch size p<P> (e.g. p7)");
        int dim = required("d", "the width d<D> (e.g. d64)");
        int heads = required("h", "the number of heads h<H> (e.g. h4)");
        int depth = required("L", "the number of blocks L<N> (e.g. L6)");
        int ff = sizes.getOrDefault("ff", 4 * dim);
        if (depth > MAX_LAYERS) {
            throw error(text, "more than " + MAX_LAYERS + " blocks");
        }
        if (image.height() % patch != 0 || image.width() % patch != 0) {
            throw error(text, "patch size " + patch + " does not divide the " + image.height() + "x" + image.width()
                    + " image");
        }
        if (dim % heads != 0) {
            throw error(text, heads + " heads do not divide the width d" + dim + " (each head needs D/H features)");
        }
        NormPlacement norm = switch (choice("pre", "pre", "post", "nonorm")) {
            case "post" -> NormPlacement.POST;
            case "nonorm" -> NormPlacement.NONE;
            default -> NormPlacement.PRE;
        };
        if (flags.contains("deepnorm") && norm != NormPlacement.POST) {
            throw error(text, "deepnorm needs post-LN blocks (add -post): its shortcut multiplier (2L)^(1/4) is "
                    + "designed for x = LN(alpha x + F(x))");
        }
        boolean cls = choice("cls", "cls", "mean").equals("cls");
        double alpha = flags.contains("deepnorm") ? Math.pow(2.0 * depth, 0.25) : 1;
        int tokenCount = image.height() / patch * (image.width() / patch) + (cls ? 1 : 0);
        List<Layer> layers = new ArrayList<>();
        layers.add(new PatchEmbedding(image.channels(), dim, patch));
        if (cls) {
            layers.add(new ClassToken(dim));
        }
        layers.add(new PositionalEmbedding(tokenCount, dim));
        for (int b = 0; b < depth; b++) {
            layers.add(new TransformerBlock(dim, heads, ff, norm, flags.contains("causal"), activation, alpha));
        }
        layers.add(new TokenPool(cls ? TokenPool.Mode.CLS : TokenPool.Mode.MEAN));
        if (norm == NormPlacement.PRE) {
            layers.add(LayerNormLayer.of(FeatureShape.flat(dim)));
        }
        layers.add(new DenseLayer(dim, classes));
        try {
            return new Network(image, layers, spec);
        } catch (IllegalArgumentException e) {
            throw error(text, e.getMessage());
        }
    }

    private void option(String token) {
        Matcher m = SIZED.matcher(token);
        if (m.matches()) {
            if (sizes.containsKey(m.group(1))) {
                throw error(text, "'" + m.group(1) + "' is given twice");
            }
            sizes.put(m.group(1), positive(text, m.group(2), "'" + token + "'", MAX_WIDTH));
            return;
        }
        if (FLAGS.contains(token)) {
            if (flags.contains(token)) {
                throw error(text, "'" + token + "' is given twice");
            }
            flags.add(token);
            return;
        }
        Map<String, String> byStem = new LinkedHashMap<>();
        KNOWN.forEach(k -> byStem.put(k.replaceAll("<.*>", ""), k));
        String near = Suggestions.closest(token.replaceAll("\\d+$", ""), byStem.keySet())
                .map(stem -> "; did you mean '" + byStem.get(stem) + "'?").orElse("");
        throw error(text, "unknown item '" + token + "' (known: " + String.join(", ", KNOWN)
                + ", and the number of classes last)" + near);
    }

    private int required(String key, String what) {
        Integer value = sizes.get(key);
        if (value == null) {
            throw error(text, "missing " + what);
        }
        return value;
    }

    /** @return the one of {@code names} given, or the fallback when none is; refuses two of them */
    private String choice(String fallback, String... names) {
        String chosen = null;
        for (String name : names) {
            if (flags.contains(name)) {
                if (chosen != null) {
                    throw error(text, "'" + chosen + "' and '" + name + "' exclude each other");
                }
                chosen = name;
            }
        }
        return chosen == null ? fallback : chosen;
    }
}
