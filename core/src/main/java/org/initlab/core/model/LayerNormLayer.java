package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Optional;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * Layer normalization (Ba, Kiros and Hinton 2016), PyTorch's {@code nn.LayerNorm(normalized_shape, eps=1e-5)}
 * over all features of one sample: {@code [features]} after a dense layer, {@code [C, H, W]} after a
 * convolution (as {@code nn.LayerNorm([C, H, W])}):
 *
 * <pre>
 *   y = (x - mean) / sqrt(var + eps) * weight + bias        (mean and biased var over the sample's features)
 * </pre>
 *
 * <p>The same in training and evaluation (no running statistics). Learnable element-wise {@code weight} (starts
 * at 1) and {@code bias} (starts at 0), both of the normalized shape, have {@link LayerKind#NORMALIZATION}.
 *
 * @param normalizedShape the shape of one sample's input, which is normalized as a whole
 * @param eps             added to the variance, {@code > 0}
 */
@API(status = EXPERIMENTAL)
public record LayerNormLayer(FeatureShape normalizedShape, double eps) implements Layer {
    /** PyTorch's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-5;

    /** Validates the settings. */
    public LayerNormLayer {
        FeatureNormalization.check("layer normalization", normalizedShape, eps);
    }

    /**
     * @param normalizedShape the shape of one sample's input
     * @return a layer with PyTorch's default eps
     */
    public static LayerNormLayer of(FeatureShape normalizedShape) {
        return new LayerNormLayer(normalizedShape, DEFAULT_EPS);
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return FeatureNormalization.output(this, normalizedShape, input);
    }

    @Override
    public List<ParameterSpec> parameters(String index, Nonlinearity next) {
        TensorShape shape = FeatureNormalization.parameterShape(normalizedShape);
        return List.of(new ParameterSpec(index + ".weight", ParameterRole.OTHER, shape, LayerKind.NORMALIZATION, next,
                        Optional.empty()),
                new ParameterSpec(index + ".bias", ParameterRole.BIAS, shape, LayerKind.NORMALIZATION, next,
                        Optional.empty()));
    }

    @Override
    public String toString() {
        return "LayerNorm(" + FeatureNormalization.shapeText(normalizedShape) + ", eps=" + eps + ")";
    }
}
