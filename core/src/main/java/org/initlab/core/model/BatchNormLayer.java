package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * Batch normalization, PyTorch's {@code nn.BatchNorm1d(features)} on a flat input and
 * {@code nn.BatchNorm2d(features)} on a {@code (C, H, W)} map (per channel, over batch and positions), with
 * {@code eps} and {@code momentum} as PyTorch's defaults {@code 1e-5} and {@code 0.1}:
 *
 * <pre>
 *   training:   y = (x - mean_B) / sqrt(var_B + eps) * weight + bias          (var_B biased, over the batch)
 *               running_mean = (1 - momentum) * running_mean + momentum * mean_B
 *               running_var  = (1 - momentum) * running_var  + momentum * var_B * m / (m - 1)   (unbiased)
 *   evaluation: y = (x - running_mean) / sqrt(running_var + eps) * weight + bias
 * </pre>
 *
 * where {@code m} is the number of values per channel in the batch. Learnable {@code weight} (scale, starts
 * at 1) and {@code bias} (shift, starts at 0) have {@link LayerKind#NORMALIZATION}; the running statistics
 * (start at 0 and 1) are buffers that live in the training session, not parameters. Backends train in
 * training mode and evaluate ({@code forward}, {@code evaluate}) in evaluation mode.
 *
 * @param features the number of features (flat input) or channels (map input), {@code > 0}
 * @param eps      added to the variance, {@code > 0}
 * @param momentum the running statistics' update factor, in {@code (0, 1]}
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BatchNormLayer(int features, double eps, double momentum) implements Layer {
    /** PyTorch's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default {@code momentum}. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    /** Validates the settings. */
    public BatchNormLayer {
        if (features <= 0) {
            throw new IllegalArgumentException("batch normalization needs features > 0, got " + features);
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("batch normalization eps must be > 0, got " + eps);
        }
        if (!(momentum > 0 && momentum <= 1)) {
            throw new IllegalArgumentException("batch normalization momentum must be in (0, 1], got " + momentum);
        }
    }

    /**
     * @param features features or channels
     * @return a layer with PyTorch's defaults
     */
    public static BatchNormLayer of(int features) {
        return new BatchNormLayer(features, DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (input.channels() != features) {
            throw new IllegalArgumentException(this + " expects " + features + (input.spatial() ? " channels" : " features")
                    + ", got " + input);
        }
        return input;
    }

    @Override
    public List<ParameterSpec> parameters(String index, Nonlinearity next) {
        TensorShape shape = TensorShape.of(features);
        return List.of(new ParameterSpec(index + ".weight", ParameterRole.OTHER, shape, LayerKind.NORMALIZATION, next,
                        Optional.empty()),
                new ParameterSpec(index + ".bias", ParameterRole.BIAS, shape, LayerKind.NORMALIZATION, next,
                        Optional.empty()));
    }

    @Override
    public String toString() {
        return "BatchNorm(" + features + ", eps=" + eps + ", momentum=" + momentum + ")";
    }
}
