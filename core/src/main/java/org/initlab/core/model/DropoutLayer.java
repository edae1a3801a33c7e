package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * PyTorch's {@code nn.Dropout(p)} (inverted dropout): in training each value is zeroed with probability
 * {@code p} and the others are scaled by {@code 1 / (1 - p)}, so that the expected value is unchanged; in
 * evaluation it is the identity. The masks come from the session's seed, so a training run is reproducible
 * for a given seed on a given backend (backends draw different masks from the same seed).
 *
 * @param probability the probability of zeroing a value, in {@code [0, 1)}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record DropoutLayer(double probability) implements Layer {
    /** Validates the probability. */
    public DropoutLayer {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + probability);
        }
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return input;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + probability + ")";
    }
}
