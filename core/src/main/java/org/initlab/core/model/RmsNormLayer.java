package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Optional;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;

/**
 * Root-mean-square normalization (Zhang and Sennrich 2019), PyTorch's {@code nn.RMSNorm(normalized_shape)}
 * over all features of one sample ({@code [features]} or {@code [C, H, W]}):
 *
 * <pre>
 *   y = x / sqrt(mean(x^2) + eps) * weight                  (mean over the sample's features)
 * </pre>
 *
 * <p>No centring and no bias. PyTorch's {@code eps=None} means {@code torch.finfo(x.dtype).eps}, which for the
 * float32 tensors initlab trains is {@code 2^-23 = 1.1920929e-7}; {@link #DEFAULT_EPS} is that value, so the
 * two agree. The learnable element-wise {@code weight} (starts at 1) has {@link LayerKind#NORMALIZATION}.
 *
 * @param normalizedShape the shape of one sample's input, which is normalized as a whole
 * @param eps             added to the mean square, {@code > 0}
 */
@API(status = EXPERIMENTAL)
public record RmsNormLayer(FeatureShape normalizedShape, double eps) implements Layer {
    /** PyTorch's default for float32 inputs, {@code torch.finfo(torch.float32).eps = 2^-23}. */
    public static final double DEFAULT_EPS = 0x1.0p-23;

    /** Validates the settings. */
    public RmsNormLayer {
        FeatureNormalization.check("RMS normalization", normalizedShape, eps);
    }

    /**
     * @param normalizedShape the shape of one sample's input
     * @return a layer with PyTorch's default eps for float32
     */
    public static RmsNormLayer of(FeatureShape normalizedShape) {
        return new RmsNormLayer(normalizedShape, DEFAULT_EPS);
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        return FeatureNormalization.output(this, normalizedShape, input);
    }

    @Override
    public List<ParameterSpec> parameters(String index, Nonlinearity next) {
        return List.of(new ParameterSpec(index + ".weight", ParameterRole.OTHER,
                FeatureNormalization.parameterShape(normalizedShape), LayerKind.NORMALIZATION, next, Optional.empty()));
    }

    @Override
    public String toString() {
        return "RMSNorm(" + FeatureNormalization.shapeText(normalizedShape) + ", eps=" + eps + ")";
    }
}
