package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Parses the compact model specs {@code mlp:...} and {@code cnn:...}.
 *
 * <h2>{@code mlp:<widths>[:<activation>]}</h2>
 * {@code <widths>} is a dash-separated list of layer widths from input to output; {@code NxK} repeats a
 * width N K times. Every hidden dense layer is followed by the activation (default {@code relu}); the last
 * one produces logits. Examples: {@code mlp:784-512-128-10:relu} (the classic MNIST MLP),
 * {@code mlp:500-500x10-10:tanh} (ten tanh layers of 500 units: 500 inputs, widths 500 repeated ten times, 10
 * outputs). A normalization token after a hidden width ({@code bn}, {@code ln}, {@code rms}, as in the cnn
 * family) normalizes each of those layers between the dense layer and its activation:
 * {@code mlp:784-256x4-ln-10:silu} is four times {@code Linear, LayerNorm, SiLU}, then {@code Linear(256, 10)}.
 *
 * <h2>{@code cnn:<input>-<layers>-<classes>[:<activation>]}</h2>
 * {@code <input>} is {@code CxHxW} (for example {@code 1x28x28} for MNIST) or a flat width. Then, dash
 * separated, in order:
 * <ul>
 *   <li>{@code c<out>k<kernel>[s<stride>][p<padding>][g<groups>]}: a convolution ({@code nn.Conv2d}, stride 1,
 *       padding 0, groups 1 unless given) followed by the activation;</li>
 *   <li>{@code f<units>} (or {@code f<units>x<K>} for K of them): a dense layer followed by the activation; a
 *       flatten is put before the first dense layer after a map;</li>
 *   <li>{@code bn}: batch normalization of the layer just before it ({@code BatchNorm2d} after a convolution,
 *       {@code BatchNorm1d} after a dense layer), placed between that layer and its activation
 *       ({@code conv -> bn -> relu}, the ResNet order); {@code ln} and {@code rms} in the same place add
 *       {@link LayerNormLayer} or {@link RmsNormLayer} over the layer's whole output ({@code [C, H, W]} or
 *       {@code [units]});</li>
 *   <li>{@code gap}: global average pooling of a map ({@code nn.AdaptiveAvgPool2d(1)}; the flatten before the
 *       next dense layer follows as usual);</li>
 *   <li>{@code p<kernel>[s<stride>]}: max pooling, {@code a<kernel>[s<stride>]}: average pooling (stride
 *       defaults to the kernel, as in PyTorch);</li>
 *   <li>{@code d<p>}: dropout with probability {@code p}, e.g. {@code d0.5};</li>
 *   <li>a plain number last: the number of classes (a dense layer producing the logits).</li>
 * </ul>
 * Examples: {@code cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu} is {@code Conv2d(1,16,5), ReLU, MaxPool2d(2),
 * Conv2d(16,32,5), ReLU, MaxPool2d(2), Flatten, Linear(512,128), ReLU, Linear(128,10)}; LeNet-5 on MNIST is
 * {@code cnn:1x28x28-c6k5p2-p2-c16k5-p2-f120-f84-10:relu} (with {@code a2} for its original average pooling
 * and {@code :tanh}); {@code cnn:1x28x28-c32k3p1-bn-p2-c64k3p1-bn-p2-f128-d0.5-10} adds batch normalization
 * and dropout.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ModelSpec {
    private static final int MAX_WIDTH = 1 << 20;
    private static final int MAX_LAYERS = 10_000;
    private static final Pattern CONV = Pattern.compile("c(\\d+)k(\\d+)(?:s(\\d+))?(?:p(\\d+))?(?:g(\\d+))?");
    private static final Pattern POOL = Pattern.compile("([pa])(\\d+)(?:s(\\d+))?");
    private static final Pattern DENSE = Pattern.compile("f(\\d+)(?:x(\\d+))?");
    private static final Pattern DROPOUT = Pattern.compile("d(\\d*\\.?\\d+)");
    private static final Pattern INPUT = Pattern.compile("(\\d+)x(\\d+)x(\\d+)");
    private static final List<String> NORMALIZATIONS = List.of("bn", "ln", "rms");

    private ModelSpec() {
    }

    /**
     * @param text the spec
     * @return the network
     * @throws IllegalArgumentException naming the spec and the problem
     */
    public static Network parse(String text) {
        String spec = text.strip();
        String[] parts = spec.split(":", -1);
        if (parts.length >= 2 && parts.length <= 3 && parts[0].equals("cnn")) {
            return parseCnn(text, spec, parts);
        }
        if (parts.length < 2 || parts.length > 3 || !parts[0].equals("mlp")) {
            throw error(text, "expected mlp:<widths>[:<activation>] (e.g. mlp:784-512-128-10:relu) or "
                    + "cnn:<CxHxW>-<layers>-<classes>[:<activation>] (e.g. cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu)");
        }
        Activation activation = activation(text, parts);
        List<Integer> widths = new ArrayList<>();
        List<String> norms = new ArrayList<>();
        String[] tokens = parts[1].split("-", -1);
        for (int k = 0; k < tokens.length; k++) {
            String t = tokens[k].strip();
            if (normalization(t) != null || t.equals("gap")) {
                throw error(text, t.equals("gap") ? "'gap' (global average pooling) needs a map; use a cnn spec"
                        : "'" + t + "' must follow a hidden width (e.g. mlp:784-256x4-" + t + "-10)");
            }
            String norm = k + 2 < tokens.length ? normalization(tokens[k + 1]) : null;
            k += norm != null ? 1 : 0;
            int repeat = 1;
            int x = t.indexOf('x');
            String widthText = x >= 0 ? t.substring(0, x) : t;
            if (x >= 0) {
                repeat = positive(text, t.substring(x + 1), "repeat count in '" + t + "'", MAX_LAYERS);
            }
            int width = positive(text, widthText, "width '" + t + "'", MAX_WIDTH);
            for (int i = 0; i < repeat; i++) {
                widths.add(width);
                norms.add(norm);
            }
            if (widths.size() > MAX_LAYERS) {
                throw error(text, "more than " + MAX_LAYERS + " layers");
            }
        }
        if (widths.size() < 2) {
            throw error(text, "needs at least an input and an output width");
        }
        if (norms.get(0) != null) {
            throw error(text, "'" + norms.get(0) + "' must follow a hidden width, not the input width (e.g. "
                    + "mlp:784-256x4-" + norms.get(0) + "-10)");
        }
        if (widths.get(widths.size() - 1) < 2) {
            throw error(text, "the output width must be at least 2 classes");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.size(); i++) {
            layers.add(new DenseLayer(widths.get(i), widths.get(i + 1)));
            if (i + 2 < widths.size()) {
                activate(text, norms.get(i + 1), layers, FeatureShape.flat(widths.get(i + 1)), activation);
            }
        }
        return new Network(widths.get(0), layers, spec);
    }

    private static Activation activation(String text, String[] parts) {
        try {
            return parts.length == 3 ? Activation.parse(parts[2]) : Activation.RELU;
        } catch (IllegalArgumentException e) {
            throw error(text, e.getMessage());
        }
    }

    private static Network parseCnn(String text, String spec, String[] parts) {
        Activation activation = activation(text, parts);
        String[] tokens = parts[1].split("-", -1);
        if (tokens.length < 2) {
            throw error(text, "needs at least an input shape and a number of classes");
        }
        FeatureShape input;
        String first = tokens[0].strip();
        Matcher in = INPUT.matcher(first);
        if (in.matches()) {
            input = FeatureShape.map(positive(text, in.group(1), "input channels", MAX_WIDTH),
                    positive(text, in.group(2), "input height", MAX_WIDTH),
                    positive(text, in.group(3), "input width", MAX_WIDTH));
        } else if (first.chars().allMatch(c -> c >= '0' && c <= '9') && !first.isEmpty()) {
            input = FeatureShape.flat(positive(text, first, "input width", MAX_WIDTH));
        } else {
            throw error(text, "the input '" + first + "' is neither CxHxW (e.g. 1x28x28) nor a width");
        }
        List<Layer> layers = new ArrayList<>();
        FeatureShape shape = input;
        for (int t = 1; t < tokens.length; t++) {
            String token = tokens[t].strip();
            boolean last = t == tokens.length - 1;
            if (last) {
                int classes = positive(text, token, "the number of classes (the last item, '" + token + "')",
                        MAX_WIDTH);
                if (classes < 2) {
                    throw error(text, "the number of classes must be at least 2");
                }
                shape = add(text, layers, shape, flattenIfNeeded(shape));
                shape = add(text, layers, shape, new DenseLayer(shape.size(), classes));
                break;
            }
            Matcher m;
            if ((m = CONV.matcher(token)).matches()) {
                Conv2dLayer conv;
                try {
                    conv = new Conv2dLayer(shape.channels(), positive(text, m.group(1), "channels in '" + token + "'",
                            MAX_WIDTH), positive(text, m.group(2), "kernel in '" + token + "'", MAX_WIDTH),
                            optional(text, m.group(3), 1, "stride in '" + token + "'"),
                            m.group(4) == null ? 0 : nonNegative(text, m.group(4), "padding in '" + token + "'"),
                            optional(text, m.group(5), 1, "groups in '" + token + "'"));
                } catch (IllegalArgumentException e) {
                    throw error(text, "'" + token + "': " + e.getMessage());
                }
                shape = add(text, layers, shape, conv);
                String norm = t + 1 < tokens.length - 1 ? normalization(tokens[t + 1]) : null;
                activate(text, norm, layers, shape, activation);
                t += norm != null ? 1 : 0;
            } else if ((m = DENSE.matcher(token)).matches()) {
                int units = positive(text, m.group(1), "units in '" + token + "'", MAX_WIDTH);
                int repeat = optional(text, m.group(2), 1, "repeat count in '" + token + "'");
                String norm = t + 1 < tokens.length - 1 ? normalization(tokens[t + 1]) : null;
                for (int r = 0; r < repeat; r++) {
                    shape = add(text, layers, shape, flattenIfNeeded(shape));
                    shape = add(text, layers, shape, new DenseLayer(shape.size(), units));
                    activate(text, norm, layers, shape, activation);
                    if (layers.size() > MAX_LAYERS) {
                        throw error(text, "more than " + MAX_LAYERS + " layers");
                    }
                }
                t += norm != null ? 1 : 0;
            } else if ((m = POOL.matcher(token)).matches()) {
                int kernel = positive(text, m.group(2), "pooling kernel in '" + token + "'", MAX_WIDTH);
                int stride = optional(text, m.group(3), kernel, "pooling stride in '" + token + "'");
                shape = add(text, layers, shape, m.group(1).equals("p") ? new MaxPool2dLayer(kernel, stride)
                        : new AvgPool2dLayer(kernel, stride));
            } else if ((m = DROPOUT.matcher(token)).matches()) {
                double p;
                try {
                    p = Double.parseDouble(m.group(1));
                } catch (NumberFormatException e) {
                    throw error(text, "dropout '" + token + "' needs a probability such as d0.5");
                }
                try {
                    shape = add(text, layers, shape, new DropoutLayer(p));
                } catch (IllegalArgumentException e) {
                    throw error(text, "dropout '" + token + "': " + e.getMessage());
                }
            } else if (token.equals("gap")) {
                if (!shape.spatial()) {
                    throw error(text, "'gap' (global average pooling) needs a map, but the input of layer "
                            + layers.size() + " is a flat vector of " + shape.size());
                }
                shape = add(text, layers, shape, new GlobalAvgPool2dLayer());
            } else if (normalization(token) != null) {
                throw error(text, "'" + token + "' must follow a convolution (c...) or a dense layer (f...)");
            } else {
                throw error(text, "unknown layer '" + token + "' (expected c<out>k<kernel>[s<stride>][p<padding>]"
                        + "[g<groups>], f<units>, bn, ln, rms, p<kernel>, a<kernel>, gap, d<probability>, or the "
                        + "number of classes last)");
            }
            if (layers.size() > MAX_LAYERS) {
                throw error(text, "more than " + MAX_LAYERS + " layers");
            }
        }
        try {
            return new Network(input, layers, spec);
        } catch (IllegalArgumentException e) {
            throw error(text, e.getMessage());
        }
    }

    /** Adds the normalization when asked ({@code bn}, {@code ln}, {@code rms}), then the activation. */
    private static void activate(String text, String norm, List<Layer> layers, FeatureShape shape,
                                 Activation activation) {
        if (norm != null) {
            add(text, layers, shape, switch (norm) {
                case "bn" -> BatchNormLayer.of(shape.channels());
                case "ln" -> LayerNormLayer.of(shape);
                default -> RmsNormLayer.of(shape);
            });
        }
        layers.add(new ActivationLayer(activation));
    }

    /** @return the normalization token ({@code bn}, {@code ln}, {@code rms}) or null when the token is none */
    private static String normalization(String token) {
        String t = token.strip();
        return NORMALIZATIONS.contains(t) ? t : null;
    }

    private static Layer flattenIfNeeded(FeatureShape shape) {
        return shape.spatial() ? new FlattenLayer() : null;
    }

    private static FeatureShape add(String text, List<Layer> layers, FeatureShape shape, Layer layer) {
        if (layer == null) {
            return shape;
        }
        FeatureShape out;
        try {
            out = layer.outputShape(shape);
        } catch (IllegalArgumentException e) {
            throw error(text, "layer " + layers.size() + ": " + e.getMessage());
        }
        layers.add(layer);
        return out;
    }

    private static int optional(String spec, String value, int fallback, String what) {
        return value == null ? fallback : positive(spec, value, what, MAX_WIDTH);
    }

    private static int nonNegative(String spec, String value, String what) {
        try {
            int n = Integer.parseInt(ascii(value));
            if (n < 0 || n > MAX_WIDTH) {
                throw error(spec, what + " must be between 0 and " + MAX_WIDTH);
            }
            return n;
        } catch (NumberFormatException e) {
            throw error(spec, what + " is not a whole number");
        }
    }

    private static int positive(String spec, String value, String what, int max) {
        int n;
        try {
            n = Integer.parseInt(ascii(value.strip()));
        } catch (NumberFormatException e) {
            throw error(spec, what + " is not a whole number");
        }
        if (n <= 0 || n > max) {
            throw error(spec, what + " must be between 1 and " + max);
        }
        return n;
    }

    /** Integer.parseInt also takes other scripts' digits (Arabic-Indic, Devanagari...): only 0-9 are numbers here. */
    private static String ascii(String digits) {
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9' || c == '+' || c == '-')) {
            throw new NumberFormatException(digits);
        }
        return digits;
    }

    private static IllegalArgumentException error(String spec, String problem) {
        return new IllegalArgumentException("bad model spec '" + spec + "': " + problem);
    }
}
