package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Fans;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * What PyTorch's layers do in {@code reset_parameters()} when the user does not initialize them, by
 * parameter:
 * <ul>
 *   <li>weight of {@code nn.Linear} / {@code nn.ConvNd} / {@code nn.ConvTransposeNd}:
 *       {@code kaiming_uniform_(w, a=sqrt(5))}, i.e. {@code U[-b, b)} with
 *       {@code b = sqrt(3) * sqrt(2 / (1 + 5)) / sqrt(fan_in) = 1 / sqrt(fan_in)} (computed in PyTorch's order
 *       of operations), fans of the tensor itself;</li>
 *   <li>their bias: {@code U[-b, b)} with {@code b = 1 / sqrt(fan_in)} of the layer's weight
 *       ({@link ParameterSpec#layerFans()}), {@code b = 0} when that fan is 0;</li>
 *   <li>{@code nn.Embedding} table: {@code N(0, 1)};</li>
 *   <li>normalization layers ({@code nn.BatchNorm}, {@code nn.LayerNorm}): scale 1, shift 0;</li>
 *   <li>{@code nn.MultiheadAttention}, by its {@code _reset_parameters()}: {@code in_proj_weight} {@code [3D, D]}
 *       {@code xavier_uniform_}, {@code U[-b, b)} with {@code b = sqrt(3) * sqrt(2 / (fan_in + fan_out))} and the
 *       fans of the fused tensor, {@code fan_in = D}, {@code fan_out = 3D} (so {@code b = sqrt(3 / (2D))}); the
 *       q/k/v aliases {@code <i>.attn.q.weight} ({@code [D, D]} rows of it) the same bound; {@code in_proj_bias}
 *       (and its q/k/v slices) and {@code out_proj.bias} 0; {@code out_proj.weight} keeps {@code nn.Linear}'s
 *       default (its module, a {@code NonDynamicallyQuantizableLinear}, is built before {@code _reset_parameters},
 *       which leaves the weight alone). {@code nn.TransformerEncoderLayer} does not re-initialize its
 *       sub-modules: {@code linear1} and {@code linear2} are {@code nn.Linear} defaults, the norms 1 and 0. (Only
 *       {@code nn.Transformer} applies {@code xavier_uniform_} to every parameter with more than one
 *       dimension.)</li>
 * </ul>
 * The weight variance is {@code 1 / (3 fan_in)}: one sixth of He's {@code 2 / fan_in} and one third of
 * LeCun's {@code 1 / fan_in}, which is why deep ReLU networks with PyTorch's defaults lose signal with depth
 * (pytorch issues #15314 and #57109). One {@code nextDouble()} per element for the uniform cases, one
 * {@code nextGaussian()} for the embedding.
 *
 * <p>Weights come from He et al. 2015, "Delving Deep into Rectifiers", with the negative slope
 * {@code a = sqrt(5)} that PyTorch chose to reproduce its older {@code U(+-1/sqrt(fan_in))} rule (LeCun et
 * al. 1998, "Efficient BackProp", uniform variant).
 */
public record PyTorchDefaultInitializer() implements Initializer {
    /** PyTorch's slope, chosen so that the bound is {@code 1 / sqrt(fan_in)}. */
    private static final double SLOPE = Math.sqrt(5);

    /**
     * Fills {@code values} by the rule for the parameter's layer kind and role (see the class comment).
     *
     * @param parameter a weight with at least 2 dimensions, a bias whose layer fans are known (an attention
     *                  projection's bias needs none), or a normalization or embedding parameter
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator
     * @throws IllegalArgumentException for a weight with fewer than 2 dimensions or a bias without layer fans
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        TransformerStructure.Tensor attention = TransformerStructure.of(parameter);
        if (attention == TransformerStructure.Tensor.IN_PROJ_BIAS || attention == TransformerStructure.Tensor.OUT_PROJ_BIAS) {
            Arrays.fill(values, 0f);
            return;
        }
        switch (LayerSlot.of(parameter)) {
            case WEIGHT -> {
                double bound = weightBound(parameter);
                if (values.length > 0) {
                    Fills.uniform(values, -bound, bound, random);
                }
            }
            case BIAS -> {
                double bound = biasBound(parameter);
                if (values.length > 0) {
                    Fills.uniform(values, -bound, bound, random);
                }
            }
            case EMBEDDING -> Fills.normal(values, 0, 1, random);
            case NORMALIZATION_SCALE -> Arrays.fill(values, 1f);
            case NORMALIZATION_SHIFT -> Arrays.fill(values, 0f);
        }
    }

    /**
     * @param parameter any parameter this initializer accepts
     * @return {@code bound / sqrt(3)} for weights and biases ({@code 1 / sqrt(3 fan_in)}; empty when the fan is
     *         0 for a weight), 1 for embeddings, 0 for normalization parameters and attention projection biases
     * @throws IllegalArgumentException as {@link #initialize}
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        TransformerStructure.Tensor attention = TransformerStructure.of(parameter);
        if (attention == TransformerStructure.Tensor.IN_PROJ_BIAS || attention == TransformerStructure.Tensor.OUT_PROJ_BIAS) {
            return OptionalDouble.of(0);
        }
        return switch (LayerSlot.of(parameter)) {
            case WEIGHT -> FanBased.finite(weightBound(parameter) / FanBased.SQRT_3);
            case BIAS -> OptionalDouble.of(biasBound(parameter) / FanBased.SQRT_3);
            case EMBEDDING -> OptionalDouble.of(1);
            case NORMALIZATION_SCALE, NORMALIZATION_SHIFT -> OptionalDouble.of(0);
        };
    }

    /**
     * {@code kaiming_uniform_(a=sqrt(5))}: {@code sqrt(3) * (gain / sqrt(fan_in))}; for {@code in_proj_weight}
     * {@code xavier_uniform_}: {@code sqrt(3) * sqrt(2 / (fan_in + fan_out))} with the fused tensor's fans.
     */
    private static double weightBound(ParameterSpec parameter) {
        Fans fans = FanBased.fans(PyTorchDefaultProvider.NAME, parameter);
        return switch (TransformerStructure.of(parameter)) {
            case IN_PROJ_WEIGHT -> FanBased.SQRT_3 * FanBased.xavierStd(1, fans);
            case Q_WEIGHT, K_WEIGHT, V_WEIGHT ->
                    FanBased.SQRT_3 * FanBased.xavierStd(1, new Fans(fans.fanIn(), 3 * fans.fanOut()));
            default -> linearBound(fans);
        };
    }

    /** {@code nn.Linear} / {@code nn.ConvNd}: {@code kaiming_uniform_(a=sqrt(5))}. */
    private static double linearBound(Fans fans) {
        return FanBased.SQRT_3 * FanBased.kaimingStd(FanBased.kaimingGain("leaky_relu", SLOPE), fans.fanIn());
    }

    /** {@code 1 / sqrt(fan_in)} of the owning layer's weight, 0 for a zero fan. */
    private static double biasBound(ParameterSpec parameter) {
        Fans fans = parameter.layerFans().orElseThrow(() -> new IllegalArgumentException(PyTorchDefaultProvider.NAME
                + " needs the fans of the layer that owns bias " + parameter.path() + " (shape " + parameter.shape()
                + "); none were given"));
        return fans.fanIn() > 0 ? 1 / Math.sqrt(fans.fanIn()) : 0;
    }

    /** @return {@code pytorch-default} */
    @Override
    public String toString() {
        return PyTorchDefaultProvider.NAME;
    }
}
