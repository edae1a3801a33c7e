package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * The shape of one sample's features between two layers, in PyTorch's {@code (C, H, W)} order without the
 * batch dimension. A flat feature vector of width {@code n} (what dense layers read and write) is
 * {@code (n, 1, 1)} with {@link #spatial()} {@code false}; an image or a feature map is {@code (C, H, W)} with
 * {@link #spatial()} {@code true}. Values are stored row-major per sample: element {@code (c, y, x)} at
 * {@code (c * H + y) * W + x}, the layout of a contiguous PyTorch tensor.
 *
 * @param channels the number of channels (the width, for a flat vector), {@code > 0}
 * @param height   the height, {@code > 0} ({@code 1} for a flat vector)
 * @param width    the width, {@code > 0} ({@code 1} for a flat vector)
 * @param spatial  whether this is a {@code (C, H, W)} map rather than a flat vector
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record FeatureShape(int channels, int height, int width, boolean spatial) {
    /** Validates the extents. */
    public FeatureShape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("feature shape extents must be > 0, got " + channels + "x" + height
                    + "x" + width);
        }
        if (!spatial && (height != 1 || width != 1)) {
            throw new IllegalArgumentException("a flat feature vector has height and width 1, got " + channels + "x"
                    + height + "x" + width);
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
        return new FeatureShape(width, 1, 1, false);
    }

    /**
     * @param channels channels
     * @param height   height
     * @param width    width
     * @return a {@code (C, H, W)} map shape
     */
    public static FeatureShape map(int channels, int height, int width) {
        return new FeatureShape(channels, height, width, true);
    }

    /** @return the number of values per sample, {@code C * H * W} */
    public int size() {
        return channels * height * width;
    }

    /** @return {@code C*H*W} as a flat vector shape */
    public FeatureShape flattened() {
        return flat(size());
    }

    /** @return {@code 1x28x28} for a map, {@code 784} for a flat vector */
    @Override
    public String toString() {
        return spatial ? channels + "x" + height + "x" + width : Integer.toString(channels);
    }
}
