package org.initlab.initializers;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.initlab.spi.Fans;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * DeepNorm's initialization (H. Wang, S. Ma, L. Dong, S. Huang, D. Zhang, F. Wei, "DeepNet: Scaling Transformers to
 * 1,000 Layers", 2022), for an encoder-only stack of {@code N} post-LN transformer layers
 * {@code x = LN(alpha x + F(x))}, the paper's pseudo-code (figure 2, {@code deepnorm_init}) with its encoder-only
 * constants:
 * <pre>alpha = (2N)^(1/4)   (the shortcut multiplier, set by the model spec's -post-deepnorm)
 * beta  = (8N)^(-1/4)
 * v rows of in_proj_weight, out_proj.weight, linear1.weight, linear2.weight   xavier_normal_(w, gain=beta)
 * q and k rows of in_proj_weight                                            xavier_normal_(w, gain=1)</pre>
 * i.e. {@code N(0, (gain sqrt(2 / (fan_in + fan_out)))^2)}, where the fans of a q, k or v block are those of the
 * {@code [D, D]} projection it stands for ({@code D}, {@code D}), not of the fused {@code [3D, D]} tensor. The other
 * kernels (patch embedding, head), which the paper leaves to the model, are {@code xavier_normal_} with gain 1;
 * biases 0 when this initializer fills them; layer norms 1 and 0. The embeddings are not claimed: the plan starts
 * them at torchvision's values (class token 0, positional embedding {@code N(0, 0.02^2)}), and so does this
 * initializer when a rule names them. {@code N} is the number of transformer layers, half of
 * {@link Placement#blocks()}. One {@code nextGaussian()} per element of a kernel.
 *
 * <p>Against microsoft/torchscale ({@code torchscale/architecture/encoder.py}): the same constants
 * ({@code alpha = (2N)^(1/4)} in {@code EncoderLayer}, {@code init_scale = (8N)^(1/4)} in {@code Encoder}), but the
 * code divides whatever initialization the modules already have (PyTorch's {@code nn.Linear} defaults, or BERT's
 * {@code N(0, 0.02^2)} with {@code bert_init}) by {@code init_scale}, weights and biases of every parameter whose
 * name contains {@code v_proj}, {@code out_proj}, {@code fc1} or {@code fc2}; initlab follows the paper's
 * Xavier-based pseudo-code.
 *
 * <p>{@link #checkNetwork} refuses a network without attention and one whose blocks are not post-LN with
 * {@code alpha = (2N)^(1/4)} on their shortcuts (within 1e-9): add {@code -post-deepnorm} to the vit spec.
 */
public record DeepNormInitializer() implements StructureAwareInitializer {
    /** How far a shortcut scale may be from {@code (2N)^(1/4)}. */
    static final double ALPHA_TOLERANCE = 1e-9;

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no attention blocks, or they are not post-LN blocks
     *                                  with DeepNorm's shortcut multiplier
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        int layers = TransformerStructure.requireTransformer(DeepNormProvider.NAME, parameters,
                DeepNormProvider.EXAMPLE);
        double alpha = alpha(layers);
        boolean branchNorms = parameters.stream().anyMatch(p -> p.layerKind() == LayerKind.NORMALIZATION
                && ResidualStructure.placement(p).region() == Placement.Region.BRANCH);
        Optional<ParameterSpec> finalNorm = parameters.stream().filter(p -> p.layerKind() == LayerKind.NORMALIZATION
                && ResidualStructure.placement(p).region() == Placement.Region.TRUNK
                && ResidualStructure.placement(p).block() > 0).findFirst();
        Optional<ParameterSpec> otherScale = parameters.stream()
                .filter(p -> ResidualStructure.placement(p).region() == Placement.Region.BRANCH)
                .filter(p -> Math.abs(ResidualStructure.placement(p).shortcutScale() - alpha) > ALPHA_TOLERANCE)
                .findFirst();
        String reason = !branchNorms ? "its blocks have no layer norms"
                : finalNorm.isPresent() ? "it has a layer norm after its blocks (" + finalNorm.get().path()
                + "), so they are pre-LN"
                : otherScale.map(p -> p.path() + " sits in a block whose shortcut is multiplied by "
                + SpecText.number(ResidualStructure.placement(p).shortcutScale())).orElse(null);
        if (reason != null) {
            throw new IllegalArgumentException(DeepNormProvider.NAME + " needs post-LN blocks whose shortcut is "
                    + "multiplied by DeepNet's alpha = (2N)^(1/4) = " + SpecText.number(alpha) + " for N = " + layers
                    + " layers: add -post-deepnorm to the vit spec, as in " + DeepNormProvider.EXAMPLE + " ("
                    + reason + ")");
        }
    }

    /**
     * Fills one parameter by the rules above.
     *
     * @param parameter a parameter of a network {@link #checkNetwork} accepted
     * @param values    its elements
     * @param random    its generator; one {@code nextGaussian()} per element of a kernel
     * @throws IllegalArgumentException for a kernel with fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        if (ResidualStructure.fillFixedStart(parameter, values)) {
            return;
        }
        switch (TransformerStructure.of(parameter)) {
            case IN_PROJ_WEIGHT -> {
                int width = parameter.shape().dim(1);
                TransformerStructure.normalRows(values, width, width,
                        inProjectionStds(width, TransformerStructure.layers(parameter)), random);
            }
            case CLASS_TOKEN, POS_EMBEDDING, EMBEDDING -> TransformerStructure.torchvisionStart(parameter, values, random);
            default -> Fills.normal(values, 0, kernelStd(parameter), random);
        }
    }

    /**
     * @param parameter a parameter
     * @return the standard deviation of its law (the root mean square of the three row blocks' for
     *         {@code in_proj_weight}); 0 for biases and constants
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        if (ResidualStructure.fixedStart(parameter)) {
            return OptionalDouble.of(0);
        }
        return switch (TransformerStructure.of(parameter)) {
            case IN_PROJ_WEIGHT -> FanBased.finite(TransformerStructure.rootMeanSquare(
                    inProjectionStds(parameter.shape().dim(1), TransformerStructure.layers(parameter))));
            case CLASS_TOKEN, POS_EMBEDDING, EMBEDDING -> OptionalDouble.of(
                    TransformerStructure.torchvisionStartStd(parameter));
            default -> FanBased.finite(kernelStd(parameter));
        };
    }

    /** The standard deviations of the q, k and v rows of {@code in_proj_weight} for width {@code D}. */
    static double[] inProjectionStds(int width, int layers) {
        Fans block = new Fans(width, width);
        double qk = FanBased.xavierStd(1, block);
        return new double[] {qk, qk, FanBased.xavierStd(beta(layers), block)};
    }

    /** The standard deviation of a kernel other than {@code in_proj_weight}. */
    private static double kernelStd(ParameterSpec parameter) {
        Fans fans = FanBased.fans(DeepNormProvider.NAME, parameter);
        int layers = TransformerStructure.layers(parameter);
        return switch (TransformerStructure.of(parameter)) {
            case Q_WEIGHT, K_WEIGHT -> inProjectionStds((int) fans.fanIn(), layers)[0];
            case V_WEIGHT -> inProjectionStds((int) fans.fanIn(), layers)[2];
            case OUT_PROJ_WEIGHT, FFN_WEIGHT -> FanBased.xavierStd(beta(layers), fans);
            default -> FanBased.xavierStd(1, fans);
        };
    }

    /**
     * @param layers the number of transformer layers {@code N}, at least 1
     * @return DeepNet's encoder-only shortcut multiplier {@code (2N)^(1/4)}
     */
    public static double alpha(int layers) {
        return Math.pow(2.0 * layers, 0.25);
    }

    /**
     * @param layers the number of transformer layers {@code N}, at least 1
     * @return DeepNet's encoder-only initialization gain {@code (8N)^(-1/4)}
     */
    public static double beta(int layers) {
        return Math.pow(8.0 * layers, -0.25);
    }

    /** @return {@code deepnorm} */
    @Override
    public String toString() {
        return DeepNormProvider.NAME;
    }
}
