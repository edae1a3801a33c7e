package org.initlab.initializers;

import java.util.List;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * GPT-2's initialization (A. Radford, J. Wu, R. Child, D. Luan, D. Amodei, I. Sutskever, "Language Models are
 * Unsupervised Multitask Learners", 2019, section 2.3: "A modified initialization which accounts for the
 * accumulation on the residual path with model depth is used. We scale the weights of residual layers at
 * initialization by a factor of 1/sqrt(N) where N is the number of residual layers"), as Hugging Face's
 * {@code GPT2PreTrainedModel._init_weights} writes it:
 * <pre>every dense, convolution and embedding weight   N(0, std^2),            std = 0.02
 * the residual output projections                 N(0, (std / sqrt(2N))^2)
 * biases 0, layer norms 1 and 0</pre>
 * The residual output projections are the layers that write into the residual stream, GPT-2's {@code attn.c_proj}
 * and {@code mlp.c_proj}: here {@code self_attn.out_proj.weight} and {@code linear2.weight}, i.e. every kernel that
 * is the last of its residual branch ({@link org.initlab.spi.Placement#lastInBranch()}). {@code 2N} counts the
 * residual branches, two per transformer layer (Hugging Face: {@code std / sqrt(2 * n_layer)}), which is initlab's
 * {@link org.initlab.spi.Placement#blocks()}: a ViT with {@code L} blocks has {@code 2L}; a residual MLP with
 * {@code L} blocks has {@code L}, one branch each, and gets {@code std / sqrt(L)}.
 *
 * <p>Every other kernel (the fused {@code in_proj_weight} of q, k and v, GPT-2's {@code c_attn}; {@code linear1},
 * its {@code c_fc}; the patch embedding; the head) and the embeddings are {@code N(0, std^2)}: the class token is
 * a learned token like a row of GPT-2's {@code wte}, the positional embedding its {@code wpe}; both are claimed from
 * the plan (which would start them at torchvision's values). OpenAI's released {@code model.py} draws {@code wpe}
 * with {@code stddev=0.01} and does not contain the residual scaling (it is inference code); initlab follows the
 * paper and Hugging Face. Biases are 0 when this initializer fills them (use it or {@code zeros} as the bias
 * initializer); layer norms keep the plan's 1 and 0. One {@code nextGaussian()} per element of a random tensor.
 *
 * <p>{@link #checkNetwork} refuses a network without residual blocks: use {@code normal(std=0.02)} there.
 *
 * @param std the standard deviation of every weight before the residual scaling, {@code > 0} (GPT-2's
 *            {@code initializer_range}, 0.02)
 */
public record Gpt2Initializer(double std) implements StructureAwareInitializer {

    /**
     * Validates the standard deviation.
     *
     * @param std the standard deviation, finite and {@code > 0}
     * @throws IllegalArgumentException otherwise, naming the option
     */
    public Gpt2Initializer {
        SpecText.requirePositive(Gpt2Provider.NAME, "std", std);
    }

    /** Creates GPT-2's default, {@code std = 0.02}. */
    public Gpt2Initializer() {
        this(Gpt2Provider.DEFAULT_STD);
    }

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no residual blocks
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        ResidualStructure.requireBlocks(Gpt2Provider.NAME, parameters, TransformerStructure.EXAMPLE
                + ", or normal(std=0.02) for a network without them");
    }

    /** @return true for the embeddings (class token, positional embedding), which GPT-2 draws N(0, std^2) */
    @Override
    public boolean claims(ParameterSpec parameter) {
        return TransformerStructure.embedding(parameter);
    }

    /**
     * Fills one parameter by the rules above.
     *
     * @param parameter a parameter
     * @param values    its elements
     * @param random    its generator; one {@code nextGaussian()} per element of a weight or embedding
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        if (!ResidualStructure.fillFixedStart(parameter, values)) {
            Fills.normal(values, 0, weightStd(parameter), random);
        }
    }

    /**
     * @param parameter a parameter
     * @return {@code std}, {@code std / sqrt(2N)} for a residual output projection, 0 for biases and constants
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return OptionalDouble.of(ResidualStructure.fixedStart(parameter) ? 0 : weightStd(parameter));
    }

    /** {@code std}, divided by {@code sqrt(blocks)} for the kernel that ends a residual branch. */
    private double weightStd(ParameterSpec parameter) {
        if (ResidualStructure.branchOutputKernel(parameter)) {
            return std / Math.sqrt(ResidualStructure.placement(parameter).blocks());
        }
        return std;
    }

    /** @return the canonical spec, {@code gpt2} or {@code gpt2(std=0.01)} */
    @Override
    public String toString() {
        return SpecText.of(Gpt2Provider.NAME).number("std", std, Gpt2Provider.DEFAULT_STD).toString();
    }
}
