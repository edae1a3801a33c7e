package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Pools a {@code [T, D]} token sequence into one flat {@code D} vector for the classifier head: the class token
 * ({@link Mode#CLS}, {@code x[:, 0]}, ViT) or the mean over all tokens ({@link Mode#MEAN}, {@code x.mean(dim=1)},
 * timm's {@code global_pool='avg'}). No parameters.
 *
 * @param mode how the tokens are pooled
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record TokenPool(Mode mode) implements Layer {

    /** How a sequence is pooled. */
    @API(status = EXPERIMENTAL, since = "0.5")
    public enum Mode {
        /** The first token (the class token). */
        CLS,
        /** The average over all tokens. */
        MEAN
    }

    /** Validates the mode. */
    public TokenPool {
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (!input.sequential()) {
            throw new IllegalArgumentException(this + " needs a token sequence, got " + input);
        }
        return FeatureShape.flat(input.dim());
    }

    @Override
    public String toString() {
        return "TokenPool(" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
