package org.initlab.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the compact model spec {@code mlp:<widths>[:<activation>]}.
 *
 * <p>{@code <widths>} is a dash-separated list of layer widths from input to output; {@code NxK} repeats a
 * width N K times. Every hidden dense layer is followed by the activation (default {@code relu}); the last
 * one produces logits. Examples: {@code mlp:784-512-128-10:relu} (the classic MNIST MLP),
 * {@code mlp:500-500x10-10:tanh} (ten tanh layers of 500 units: 500 inputs, widths 500 repeated ten times, 10
 * outputs).
 */
public final class ModelSpec {
    private static final int MAX_WIDTH = 1 << 20;
    private static final int MAX_LAYERS = 10_000;

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
        if (parts.length < 2 || parts.length > 3 || !parts[0].equals("mlp")) {
            throw error(text, "expected mlp:<widths>[:<activation>], e.g. mlp:784-512-128-10:relu");
        }
        Activation activation;
        try {
            activation = parts.length == 3 ? Activation.parse(parts[2]) : Activation.RELU;
        } catch (IllegalArgumentException e) {
            throw error(text, e.getMessage());
        }
        List<Integer> widths = new ArrayList<>();
        for (String token : parts[1].split("-", -1)) {
            String t = token.strip();
            int repeat = 1;
            int x = t.indexOf('x');
            String widthText = x >= 0 ? t.substring(0, x) : t;
            if (x >= 0) {
                repeat = positive(text, t.substring(x + 1), "repeat count in '" + t + "'", MAX_LAYERS);
            }
            int width = positive(text, widthText, "width '" + t + "'", MAX_WIDTH);
            for (int i = 0; i < repeat; i++) {
                widths.add(width);
            }
            if (widths.size() > MAX_LAYERS) {
                throw error(text, "more than " + MAX_LAYERS + " layers");
            }
        }
        if (widths.size() < 2) {
            throw error(text, "needs at least an input and an output width");
        }
        if (widths.get(widths.size() - 1) < 2) {
            throw error(text, "the output width must be at least 2 classes");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i + 1 < widths.size(); i++) {
            layers.add(new DenseLayer(widths.get(i), widths.get(i + 1)));
            if (i + 2 < widths.size()) {
                layers.add(new ActivationLayer(activation));
            }
        }
        return new Network(widths.get(0), layers, spec);
    }

    private static int positive(String spec, String value, String what, int max) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw error(spec, what + " is not a whole number");
        }
        if (n <= 0 || n > max) {
            throw error(spec, what + " must be between 1 and " + max);
        }
        return n;
    }

    private static IllegalArgumentException error(String spec, String problem) {
        return new IllegalArgumentException("bad model spec '" + spec + "': " + problem);
    }
}
