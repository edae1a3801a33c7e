package org.initlab.core.model;

import java.util.ArrayList;
import java.util.List;

/** The lexical rules the model spec parsers share: splitting at dashes outside brackets, numbers, errors. */
final class SpecText {
    static final int MAX_WIDTH = 1 << 20;
    static final int MAX_LAYERS = 10_000;
    private static final List<String> NORMALIZATIONS = List.of("bn", "ln", "rms");

    private SpecText() {
    }

    /**
     * @param spec the whole spec, for errors
     * @param body dash-separated items, where {@code [...]} groups may hold dashes
     * @return the items, stripped
     */
    static List<String> items(String spec, String body) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '[') {
                depth++;
                if (depth > 1) {
                    throw error(spec, "residual blocks do not nest ('[' inside '[...]')");
                }
            } else if (c == ']') {
                if (--depth < 0) {
                    throw error(spec, "']' without a '[' before it");
                }
            } else if (c == '-' && depth == 0) {
                items.add(body.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw error(spec, "'[' without a closing ']'");
        }
        items.add(body.substring(start).strip());
        return items;
    }

    /** @return the normalization token ({@code bn}, {@code ln}, {@code rms}) or null when the token is none */
    static String normalization(String token) {
        String t = token.strip();
        return NORMALIZATIONS.contains(t) ? t : null;
    }

    /** @return the normalization layer a token names, over the given shape */
    static Layer normalizationLayer(String norm, FeatureShape shape) {
        return switch (norm) {
            case "bn" -> BatchNormLayer.of(shape.channels());
            case "ln" -> LayerNormLayer.of(shape);
            default -> RmsNormLayer.of(shape);
        };
    }

    static Activation activation(String text, String[] parts) {
        try {
            return parts.length == 3 ? Activation.parse(parts[2]) : Activation.RELU;
        } catch (IllegalArgumentException e) {
            throw error(text, e.getMessage());
        }
    }

    static int optional(String spec, String value, int fallback, String what) {
        return value == null ? fallback : positive(spec, value, what, MAX_WIDTH);
    }

    static int nonNegative(String spec, String value, String what) {
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

    static int positive(String spec, String value, String what, int max) {
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

    static IllegalArgumentException error(String spec, String problem) {
        return new IllegalArgumentException("bad model spec '" + spec + "': " + problem);
    }
}
