package org.initlab.initializers;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * Small embeddings: every embedding starts tiny, {@code U[-scale, scale)} with {@code scale = 1e-4}, everything
 * else as {@code base} gives it (default {@code xavier-uniform}). The recipe is BlinkDL's "SmallInit(Emb)"
 * (github.com/BlinkDL/SmallInitEmb, used in RWKV: {@code nn.init.uniform_(module.weight, a=-1e-4, b=1e-4)} on every
 * {@code nn.Embedding}, with a LayerNorm after the embedding): the embeddings move far, in direction, in the first
 * steps instead of staying near their random start, and post-LN models train without warm-up. It belongs to the
 * line of work on initializing transformers small that T. Q. Nguyen and J. Salazar, "Transformers without Tears:
 * Improving the Normalization of Self-Attention" (2019) started, whose own "SmallInit" is a different rule for the
 * weights: Xavier with {@code fan_out} replaced by {@code 4 fan_out} ({@code N(0, 2 / (5d))} for a square
 * {@code d x d} weight, as GPT-NeoX's {@code small_init} and xformers' {@code small_init_} implement it); on square
 * weights {@code small-embedding(base="xavier-normal(gain=0.6325)")} is that rule ({@code sqrt(2/5)} times Xavier).
 *
 * <p>Embeddings: the class token and the positional embedding (layer kind embedding, claimed from the plan, which
 * would start them at torchvision's values), any embedding table, and the patch embedding weight (the kernel of
 * the trunk convolution): in a ViT the patch embedding is the token embedding (it maps the input to tokens, the
 * role of a lookup table), so it is started small too. Its bias is the bias initializer's. Initlab's ViT has no
 * LayerNorm right after the embeddings as BlinkDL's recipe adds: a pre-LN block normalizes its branch input, a
 * post-LN block the sum {@code x + F(x)}. Normalization layers 1 and 0, gates 1, scalar biases 0 as in a plain
 * plan; everything else (kernels, biases when asked) from {@code base} with the same generator. One
 * {@code nextDouble()} per element of an embedding.
 *
 * <p>{@link #checkNetwork} refuses a network without an embedding-kind parameter (class token or positional
 * embedding).
 *
 * @param base  the initializer of every parameter that is not an embedding or a plan constant
 * @param scale the half-width of the embeddings' uniform law, {@code > 0}
 */
public record SmallEmbeddingInitializer(Initializer base, double scale) implements StructureAwareInitializer {

    /**
     * Validates the options.
     *
     * @param base  the initializer of the other parameters
     * @param scale the half-width, finite and {@code > 0}
     * @throws IllegalArgumentException when {@code scale} is not a positive number
     */
    public SmallEmbeddingInitializer {
        Objects.requireNonNull(base, "base");
        SpecText.requirePositive(SmallEmbeddingProvider.NAME, "scale", scale);
    }

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no embeddings
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        if (parameters.stream().noneMatch(TransformerStructure::embedding)) {
            boolean placed = parameters.stream().anyMatch(p -> p.placement().isPresent());
            throw new IllegalArgumentException(SmallEmbeddingProvider.NAME + " needs a network with embeddings (a "
                    + "class token or positional embedding, e.g. " + TransformerStructure.EXAMPLE + "); "
                    + (placed ? "this one has none" : "these parameters have none and no Placement"));
        }
    }

    /** @return true for the embeddings (class token, positional embedding) */
    @Override
    public boolean claims(ParameterSpec parameter) {
        return TransformerStructure.embedding(parameter);
    }

    /**
     * Fills an embedding with {@code U[-scale, scale)}, a plan constant with its constant, anything else with
     * {@code base}.
     *
     * @param parameter a parameter
     * @param values    its elements
     * @param random    its generator, handed to {@code base} for the other parameters
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        if (small(parameter)) {
            Initializer.checkLength(parameter, values);
            Fills.uniform(values, -scale, scale, random);
        } else {
            ResidualStructure.fill(parameter, values, random, false, 0, base);
        }
    }

    /**
     * @param parameter a parameter
     * @return {@code scale / sqrt(3)} for the embeddings, 0 for constants, else {@code base}'s
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        if (small(parameter)) {
            return OptionalDouble.of(scale / FanBased.SQRT_3);
        }
        return ResidualStructure.expectedStd(parameter, false, base);
    }

    /** Whether the parameter is an embedding or the patch embedding's kernel. */
    private static boolean small(ParameterSpec parameter) {
        return TransformerStructure.embedding(parameter)
                || TransformerStructure.of(parameter) == TransformerStructure.Tensor.PATCH_EMBEDDING;
    }

    /** @return the canonical spec, e.g. {@code small-embedding} or {@code small-embedding(base=he-normal, scale=0.001)} */
    @Override
    public String toString() {
        return SpecText.of(SmallEmbeddingProvider.NAME)
                .text("base", base.toString(), SmallEmbeddingProvider.DEFAULT_BASE)
                .number("scale", scale, SmallEmbeddingProvider.DEFAULT_SCALE).toString();
    }
}
