package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * Adds a learned positional embedding to a token sequence: {@code x + pos_embedding}, with parameter
 * {@code <i>.pos_embedding [1, T, D]} (torchvision's ViT encoder), role {@link org.initlab.spi.ParameterRole#WEIGHT},
 * {@link LayerKind#EMBEDDING}. It starts at {@code N(0, 0.02)} (torchvision) unless a structure-aware initializer
 * claims it or a per-parameter rule names it.
 *
 * @param tokens the sequence length {@code T}, {@code > 0}
 * @param dim    the token width {@code D}, {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record PositionalEmbedding(int tokens, int dim) implements Layer {
    /** The parameter's name inside the layer's module. */
    public static final String PARAMETER = "pos_embedding";

    /** Validates the sizes. */
    public PositionalEmbedding {
        if (tokens <= 0 || dim <= 0) {
            throw new IllegalArgumentException("positional embedding needs positive tokens and width, got " + tokens
                    + "x" + dim);
        }
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (!input.equals(FeatureShape.sequence(tokens, dim))) {
            throw new IllegalArgumentException(this + " needs a " + FeatureShape.sequence(tokens, dim) + " input, got "
                    + input);
        }
        return input;
    }

    @Override
    public List<ParameterSpec> parameters(String prefix, Nonlinearity next) {
        return List.of(ParameterSpec.weight(prefix + "." + PARAMETER, TensorShape.of(1, tokens, dim),
                LayerKind.EMBEDDING, Nonlinearity.LINEAR));
    }

    @Override
    public String toString() {
        return "PositionalEmbedding(" + tokens + ", " + dim + ")";
    }
}
