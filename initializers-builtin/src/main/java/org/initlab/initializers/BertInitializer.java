package org.initlab.initializers;

import java.util.List;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;
import org.initlab.spi.StructureAwareInitializer;

/**
 * BERT's initialization (J. Devlin, M.-W. Chang, K. Lee, K. Toutanova, "BERT: Pre-training of Deep Bidirectional
 * Transformers for Language Understanding", NAACL 2019), as the released TensorFlow code ({@code modeling.py},
 * {@code create_initializer(initializer_range=0.02)} = {@code tf.truncated_normal_initializer(stddev=0.02)}) does
 * it for every dense kernel and every embedding table (word, position and token-type embeddings):
 * <pre>weights and embeddings   TN(0, std^2; -2 std, 2 std)     std = 0.02
 * biases 0, layer norms 1 (gamma) and 0 (beta)</pre>
 * TensorFlow's truncated normal redraws values more than two standard deviations from the mean and does not
 * rescale, so the values' standard deviation is {@code 0.8796 std} (0.0176). Here it is sampled by inversion of
 * the CDF ({@code trunc-normal}'s sampler, one {@code nextDouble()} per element): the same law, another stream.
 * {@code trunc-normal(std=0.02)} is not the same thing: its bounds are absolute ({@code [-2, 2]}), so it is
 * effectively untruncated.
 *
 * <p>On a ViT: the fused {@code in_proj_weight} (BERT's separate query, key and value kernels), {@code out_proj},
 * {@code linear1}, {@code linear2}, the patch embedding (a projection like BERT's dense layers) and the head
 * ({@code run_classifier.py}'s {@code output_weights}, also {@code stddev=0.02} truncated) are drawn from this law,
 * and so are the class token (BERT's {@code [CLS]} is a row of its word embedding table) and the positional
 * embedding (BERT's {@code position_embeddings}), which this initializer claims from the plan. There is no
 * residual scaling. Layer norms: the plan already starts every normalization scale at 1 and shift at 0, which is
 * what {@code tf.contrib.layers.layer_norm} does, so this initializer does not claim them (called on one, it
 * writes the same constants). Biases are 0 when this initializer fills them (use it or {@code zeros} as the bias
 * initializer).
 *
 * <p>{@link #checkNetwork} refuses a network without residual blocks: use
 * {@code trunc-normal(std=0.02, a=-0.04, b=0.04)} there.
 *
 * @param std the standard deviation of the normal before truncation, {@code > 0} (BERT's
 *            {@code initializer_range}, 0.02)
 */
public record BertInitializer(double std) implements StructureAwareInitializer {

    /**
     * Validates the standard deviation.
     *
     * @param std the standard deviation, finite and {@code > 0}
     * @throws IllegalArgumentException otherwise, naming the option
     */
    public BertInitializer {
        SpecText.requirePositive(BertProvider.NAME, "std", std);
    }

    /** Creates BERT's default, {@code std = 0.02}. */
    public BertInitializer() {
        this(BertProvider.DEFAULT_STD);
    }

    /**
     * @param parameters every parameter of the network
     * @throws IllegalArgumentException when the network has no residual blocks
     */
    @Override
    public void checkNetwork(List<ParameterSpec> parameters) {
        ResidualStructure.requireBlocks(BertProvider.NAME, parameters, TransformerStructure.EXAMPLE
                + ", or trunc-normal(std=0.02, a=-0.04, b=0.04) for a network without them");
    }

    /** @return true for the embeddings (class token, positional embedding), which BERT draws like its weights */
    @Override
    public boolean claims(ParameterSpec parameter) {
        return TransformerStructure.embedding(parameter);
    }

    /**
     * Fills one parameter by the rules above.
     *
     * @param parameter a parameter
     * @param values    its elements
     * @param random    its generator; one {@code nextDouble()} per element of a weight or embedding
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        if (!ResidualStructure.fillFixedStart(parameter, values)) {
            TruncatedNormal.fill(values, 0, std, -2 * std, 2 * std, random);
        }
    }

    /**
     * @param parameter a parameter
     * @return {@code 0.8796 std} (the truncated law's) for weights and embeddings, 0 for biases and constants
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return OptionalDouble.of(ResidualStructure.fixedStart(parameter) ? 0
                : TruncatedNormal.std(0, std, -2 * std, 2 * std));
    }

    /** @return the canonical spec, {@code bert} or {@code bert(std=0.01)} */
    @Override
    public String toString() {
        return SpecText.of(BertProvider.NAME).number("std", std, BertProvider.DEFAULT_STD).toString();
    }
}
