package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The shape of one sample's features between two layers, in PyTorch's order without the batch dimension, in
 * one of three {@link Form forms}:
 * <ul>
 *   <li>a flat feature vector of width {@code n} (what dense layers read and write) is {@code (n, 1, 1)};</li>
 *   <li>an image or a feature map is {@code (C, H, W)}, stored row-major per sample: element {@code (c, y, x)}
 *       at {@code (c * H + y) * W + x}, the layout of a contiguous PyTorch tensor;</li>
 *   <li>a sequence of {@code T} tokens of {@code D} features (what transformer blocks read and write, PyTorch's
 *       {@code [T, D]} of a {@code batch_first} tensor) is {@code (1, T, D)}: element {@code (t, d)} at
 *       {@code t * D + d}; see {@link #sequence(int, int)}, {@link #tokens()}, {@link #dim()}.</li>
 * </ul>
 *
 * @param form     flat, map or sequence
 * @param channels the number of channels (the width, for a flat vector; 1 for a sequence), {@code > 0}
 * @param height   the height ({@code 1} for a flat vector, the token count for a sequence), {@code > 0}
 * @param width    the width ({@code 1} for a flat vector, the features per token for a sequence), {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FeatureShape(Form form, int channels, int height, int width) {

    /** The forms a sample's features can take. */
    @API(status = EXPERIMENTAL, since = "0.5")
    public enum Form {
        /** A flat feature vector. */
        FLAT,
        /** A {@code (C, H, W)} map. */
        MAP,
        /** A sequence of tokens, {@code [T, D]}. */
        SEQUENCE
    }

    /** Validates the extents. */
    public FeatureShape {
        Objects.requireNonNull(form, "form");
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("feature shape extents must be > 0, got " + channels + "x" + height
                    + "x" + width);
        }
        if (form == Form.FLAT && (height != 1 || width != 1)) {
            throw new IllegalArgumentException("a flat feature vector has height and width 1, got " + channels + "x"
                    + height + "x" + width);
        }
        if (form == Form.SEQUENCE && channels != 1) {
            throw new IllegalArgumentException("a token sequence has one channel, got " + channels + "x" + height
                    + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("feature shape " + channels + "x" + height + "x" + width
                    + " is too large");
        }
    }

    /**
     * @param width the number of features
     * @return a flat vector shape
     */
    public static FeatureShape flat(int width) {
        return new FeatureShape(Form.FLAT, width, 1, 1);
    }

    /**
     * @param channels channels
     * @param height   height
     * @param width    width
     * @return a {@code (C, H, W)} map shape
     */
    public static FeatureShape map(int channels, int height, int width) {
        return new FeatureShape(Form.MAP, channels, height, width);
    }

    /**
     * @param tokens the number of tokens {@code T}
     * @param dim    the features per token {@code D}
     * @return a {@code [T, D]} token-sequence shape
     */
    public static FeatureShape sequence(int tokens, int dim) {
        return new FeatureShape(Form.SEQUENCE, 1, tokens, dim);
    }

    /** @return whether this is a {@code (C, H, W)} map */
    public boolean spatial() {
        return form == Form.MAP;
    }

    /** @return whether this is a token sequence */
    public boolean sequential() {
        return form == Form.SEQUENCE;
    }

    /** @return whether this is a flat vector */
    public boolean flatVector() {
        return form == Form.FLAT;
    }

    /**
     * @return the number of tokens of a sequence
     * @throws IllegalStateException for a flat vector or a map
     */
    public int tokens() {
        requireSequence();
        return height;
    }

    /**
     * @return the features per token of a sequence
     * @throws IllegalStateException for a flat vector or a map
     */
    public int dim() {
        requireSequence();
        return width;
    }

    private void requireSequence() {
        if (form != Form.SEQUENCE) {
            throw new IllegalStateException(this + " is not a token sequence");
        }
    }

    /** @return the number of values per sample, {@code C * H * W} */
    public int size() {
        return channels * height * width;
    }

    /** @return {@code C*H*W} as a flat vector shape */
    public FeatureShape flattened() {
        return flat(size());
    }

    /** @return {@code 1x28x28} for a map, {@code 784} for a flat vector, {@code 17x64 tokens} for a sequence */
    @Override
    public String toString() {
        return switch (form) {
            case MAP -> channels + "x" + height + "x" + width;
            case FLAT -> Integer.toString(channels);
            case SEQUENCE -> height + "x" + width + " tokens";
        };
    }
}
