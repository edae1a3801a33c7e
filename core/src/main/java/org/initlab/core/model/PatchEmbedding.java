package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;

/**
 * The patch embedding of a vision transformer (Dosovitskiy et al. 2021): a {@code P x P} convolution with stride
 * {@code P} turns a {@code (C, H, W)} image into {@code (H/P) (W/P)} patches of {@code D} features, read in
 * row-major patch order as a {@code [T, D]} token sequence. In PyTorch (torchvision's {@code conv_proj}):
 * {@code conv(x).flatten(2).transpose(1, 2)}. Its parameters are those of the convolution,
 * {@code <i>.weight [D, C, P, P]} and {@code <i>.bias [D]} ({@link org.initlab.spi.LayerKind#CONV}, fans
 * {@code C P^2} and {@code D P^2}).
 *
 * @param channels the image channels {@code C}, {@code > 0}
 * @param dim      the token width {@code D}, {@code > 0}
 * @param patch    the patch side {@code P}, {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record PatchEmbedding(int channels, int dim, int patch) implements Layer {
    /** Validates the sizes. */
    public PatchEmbedding {
        if (channels <= 0 || dim <= 0 || patch <= 0) {
            throw new IllegalArgumentException("patch embedding needs positive channels, width and patch size, got "
                    + channels + ", " + dim + ", " + patch);
        }
    }

    /** @return the convolution {@code Conv2d(C, D, kernel_size=P, stride=P)} */
    public Conv2dLayer convolution() {
        return new Conv2dLayer(channels, dim, patch, patch, 0, 1);
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (!input.spatial() || input.channels() != channels) {
            throw new IllegalArgumentException(this + " needs a " + channels + "xHxW image, got " + input);
        }
        if (input.height() % patch != 0 || input.width() % patch != 0) {
            throw new IllegalArgumentException("patch size " + patch + " does not divide the " + input.height() + "x"
                    + input.width() + " image");
        }
        return FeatureShape.sequence(input.height() / patch * (input.width() / patch), dim);
    }

    @Override
    public List<ParameterSpec> parameters(String prefix, Nonlinearity next) {
        return convolution().parameters(prefix, next);
    }

    @Override
    public long multiplyAdds(FeatureShape input) {
        return convolution().multiplyAdds(input);
    }

    @Override
    public String toString() {
        return "PatchEmbedding(" + channels + ", " + dim + ", patch=" + patch + ")";
    }
}
