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
 * T-Fixup (X. S. Huang, F. Perez, J. Ba, M. Volkovs, "Improving Transformer Optimization Through Better
 * Initialization", ICML 2020) for an encoder-only stack of {@code N} transformer layers without layer
 * normalization, as the authors' code does it (github.com/layer6ai-labs/T-Fixup, fairseq's
 * {@code TransformerEncoder} and {@code TransformerEncoderLayer.fixup_initialization}): Xavier for every weight,
 * then
 * <pre>v (rows [2D, 3D) of in_proj_weight), out_proj, linear1, linear2   x 0.67 N^(-1/4)
 * input embeddings  N(0, d^-1) x (9N)^(-1/4)</pre>
 * In detail, with {@code U(+-b)} uniform and {@code xu(g, fans) = sqrt(3) g sqrt(2 / (fan_in + fan_out))}
 * (PyTorch's {@code xavier_uniform_} bound):
 * <ul>
 *   <li>q and k rows of {@code in_proj_weight}: {@code U(+-xu(1/sqrt 2, D, D))}, fairseq's
 *       {@code xavier_uniform_(q_proj.weight, gain=1/sqrt(2))} on the {@code [D, D]} block (the same bound as
 *       PyTorch's {@code xavier_uniform_} on the fused {@code [3D, D]} tensor);</li>
 *   <li>v rows: {@code U(+-0.67 N^(-1/4) xu(1, D, D))}: the code multiplies fairseq's {@code gain=1/sqrt(2)} draw by
 *       {@code 0.67 N^(-1/4) sqrt(2)}, i.e. Xavier with gain 1, as the paper's algorithm says;</li>
 *   <li>{@code out_proj.weight}, {@code linear1.weight}, {@code linear2.weight} (fairseq's {@code fc1}, {@code fc2}):
 *       {@code U(+-0.67 N^(-1/4) xu(1, fans))};</li>
 *   <li>every other kernel (the head): {@code U(+-xu(1, fans))};</li>
 *   <li>biases 0 (fairseq's {@code Linear} and {@code out_proj}) when this initializer fills them; layer norms
 *       outside the blocks 1 and 0.</li>
 * </ul>
 * {@code N} is the number of transformer layers, half of {@link Placement#blocks()} (two residual branches each).
 *
 * <p>Adaptations to a ViT, which has no token lookup table. The code draws the token embedding
 * {@code N(0, d^-1)} (fairseq's {@code Embedding}, std {@code d^-1/2}), multiplies it by {@code (9N)^(-1/4)}, and
 * multiplies the looked-up rows by {@code sqrt(d)} in the forward pass ({@code embed_scale}), so each token
 * coordinate is {@code N(0, 1) (9N)^(-1/4)}. initlab's ViT has no {@code embed_scale}, and its input embedding is the
 * patch embedding, a convolution over {@code fan_in = C P P} pixels: it is drawn {@code N(0, 1 / fan_in)
 * (9N)^(-1/4)}, which gives unit-variance pixels the same token coordinates (a lookup is the same rule with
 * {@code fan_in = 1} for a one-hot input). The class token is a token of its own: {@code N(0, 1) (9N)^(-1/4)}. The
 * positional embedding is fairseq's learned positional embedding, {@code N(0, d^-1)} with {@code d} its last
 * dimension, added without {@code embed_scale} and not rescaled (the code scales only {@code embed_tokens}). An
 * embedding table of another layer gets the code's rule, {@code N(0, d^-1) (9N)^(-1/4)}. Both embeddings are claimed
 * from the plan. One {@code nextDouble()} per element of a uniform tensor, one {@code nextGaussian()} per element
 * of a normal one.
 *
 * <p>{@link #checkNetwork} refuses a network without attention and one with a layer norm inside a residual branch
 * (T-Fixup replaces layer normalization: build the ViT with {@code -nonorm}).
 */
public record TFixupInitializer() implements StructureAwareInitializer {
    /** The paper's encoder constant. */
    static final double ENCODER_CONSTANT = 0.67;

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no attention blocks or a branch has a layer norm
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        TransformerStructure.requireTransformer(TFixupProvider.NAME, parameters, TFixupProvider.EXAMPLE);
        Optional<ParameterSpec> norm = parameters.stream().filter(p -> p.layerKind() == LayerKind.NORMALIZATION
                && ResidualStructure.placement(p).region() == Placement.Region.BRANCH).findFirst();
        if (norm.isPresent()) {
            throw new IllegalArgumentException(TFixupProvider.NAME + " needs transformer blocks without layer norms "
                    + "(T-Fixup replaces them): add -nonorm to the vit spec, as in " + TFixupProvider.EXAMPLE
                    + " (" + norm.get().path() + " is a layer norm in a residual branch)");
        }
    }

    /** @return true for the embeddings (class token, positional embedding) */
    @Override
    public boolean claims(ParameterSpec parameter) {
        return TransformerStructure.embedding(parameter);
    }

    /**
     * Fills one parameter by the rules above.
     *
     * @param parameter a parameter of a network {@link #checkNetwork} accepted
     * @param values    its elements
     * @param random    its generator
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
                double[] bounds = inProjectionBounds(width, TransformerStructure.layers(parameter));
                TransformerStructure.uniformRows(values, width, width, bounds, random);
            }
            case CLASS_TOKEN, POS_EMBEDDING, EMBEDDING, PATCH_EMBEDDING ->
                    Fills.normal(values, 0, embeddingStd(parameter), random);
            default -> {
                double bound = kernelBound(parameter);
                Fills.uniform(values, -bound, bound, random);
            }
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
            case IN_PROJ_WEIGHT -> {
                double[] b = inProjectionBounds(parameter.shape().dim(1), TransformerStructure.layers(parameter));
                yield FanBased.finite(TransformerStructure.rootMeanSquare(b) / FanBased.SQRT_3);
            }
            case CLASS_TOKEN, POS_EMBEDDING, EMBEDDING, PATCH_EMBEDDING -> FanBased.finite(embeddingStd(parameter));
            default -> FanBased.finite(kernelBound(parameter) / FanBased.SQRT_3);
        };
    }

    /** The uniform half-widths of the q, k and v rows of {@code in_proj_weight} for width {@code D}. */
    static double[] inProjectionBounds(int width, int layers) {
        Fans block = new Fans(width, width);
        double qk = FanBased.SQRT_3 * FanBased.xavierStd(1 / Math.sqrt(2), block);
        double v = encoderScale(layers) * FanBased.SQRT_3 * FanBased.xavierStd(1, block);
        return new double[] {qk, qk, v};
    }

    /** The uniform half-width of a kernel other than {@code in_proj_weight} and the embeddings. */
    private static double kernelBound(ParameterSpec parameter) {
        TransformerStructure.Tensor tensor = TransformerStructure.of(parameter);
        Fans fans = FanBased.fans(TFixupProvider.NAME, parameter);
        double xavier = FanBased.SQRT_3 * FanBased.xavierStd(1, fans);
        int layers = TransformerStructure.layers(parameter);
        return switch (tensor) {
            case Q_WEIGHT, K_WEIGHT -> inProjectionBounds((int) fans.fanIn(), layers)[0];
            case V_WEIGHT -> inProjectionBounds((int) fans.fanIn(), layers)[2];
            case OUT_PROJ_WEIGHT, FFN_WEIGHT -> encoderScale(layers) * xavier;
            default -> xavier;
        };
    }

    /** The normal standard deviation of an embedding (see the class comment). */
    private static double embeddingStd(ParameterSpec parameter) {
        double scale = embeddingScale(TransformerStructure.layers(parameter));
        return switch (TransformerStructure.of(parameter)) {
            case PATCH_EMBEDDING -> scale / Math.sqrt(FanBased.fans(TFixupProvider.NAME, parameter).fanIn());
            case CLASS_TOKEN -> scale;
            case POS_EMBEDDING -> 1 / Math.sqrt(TransformerStructure.width(parameter));
            default -> scale / Math.sqrt(TransformerStructure.width(parameter));
        };
    }

    /**
     * @param layers the number of transformer layers {@code N}, at least 1
     * @return {@code 0.67 N^(-1/4)}, the scale of v, out_proj and the feed-forward weights
     */
    public static double encoderScale(int layers) {
        return ENCODER_CONSTANT * Math.pow(layers, -0.25);
    }

    /**
     * @param layers the number of transformer layers {@code N}, at least 1
     * @return {@code (9N)^(-1/4)}, the scale of the input embeddings
     */
    public static double embeddingScale(int layers) {
        return Math.pow(9.0 * layers, -0.25);
    }

    /** @return {@code t-fixup} */
    @Override
    public String toString() {
        return TFixupProvider.NAME;
    }
}
