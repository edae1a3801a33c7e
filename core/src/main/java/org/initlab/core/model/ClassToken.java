package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * Prepends a learned class token to a token sequence (BERT's {@code [CLS]}, ViT's class token): {@code [T, D]}
 * becomes {@code [T + 1, D]} with the token first, as torchvision's
 * {@code torch.cat([class_token.expand(n, -1, -1), x], dim=1)}. Parameter {@code <i>.class_token [1, 1, D]}, role
 * {@link org.initlab.spi.ParameterRole#WEIGHT}, {@link LayerKind#EMBEDDING}; it starts at 0 (torchvision) unless
 * a structure-aware initializer claims it or a per-parameter rule names it.
 *
 * @param dim the token width {@code D}, {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record ClassToken(int dim) implements Layer {
    /** The parameter's name inside the layer's module. */
    public static final String PARAMETER = "class_token";

    /** Validates the width. */
    public ClassToken {
        if (dim <= 0) {
            throw new IllegalArgumentException("class token width must be > 0, got " + dim);
        }
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (!input.sequential() || input.dim() != dim) {
            throw new IllegalArgumentException(this + " needs a sequence of " + dim + "-wide tokens, got " + input);
        }
        return FeatureShape.sequence(input.tokens() + 1, dim);
    }

    @Override
    public List<ParameterSpec> parameters(String prefix, Nonlinearity next) {
        return List.of(ParameterSpec.weight(prefix + "." + PARAMETER, TensorShape.of(1, 1, dim), LayerKind.EMBEDDING,
                Nonlinearity.LINEAR));
    }

    @Override
    public String toString() {
        return "ClassToken(" + dim + ")";
    }
}
