package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * What Keras 3's layers do by default, by parameter:
 * <ul>
 *   <li>kernel of {@code Dense} / {@code ConvND}: {@code glorot_uniform}, i.e.
 *       {@code VarianceScaling(1, "fan_avg", "uniform")}: {@code U[-limit, limit)} with
 *       {@code limit = sqrt(3 / max(1, (fan_in + fan_out) / 2)) = sqrt(6 / (fan_in + fan_out))};</li>
 *   <li>their bias: {@code zeros};</li>
 *   <li>{@code Embedding} table: {@code "uniform"}, i.e. {@code RandomUniform(-0.05, 0.05)};</li>
 *   <li>{@code BatchNormalization} / {@code LayerNormalization}: gamma 1, beta 0.</li>
 * </ul>
 * Fans are those of the tensor itself in PyTorch layout, the same numbers Keras computes from its HWIO
 * layout. One {@code nextDouble()} per element for the uniform cases.
 *
 * <p>From X. Glorot and Y. Bengio, "Understanding the difficulty of training deep feedforward neural
 * networks", AISTATS 2010.
 */
public record KerasDefaultInitializer() implements Initializer {
    /** Keras' {@code RandomUniform} default half-width. */
    private static final double EMBEDDING_LIMIT = 0.05;

    /**
     * Fills {@code values} by the rule for the parameter's layer kind and role (see the class comment).
     *
     * @param parameter a weight with at least 2 dimensions, a bias, or a normalization or embedding parameter
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator
     * @throws IllegalArgumentException for a weight with fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        switch (LayerSlot.of(parameter)) {
            case WEIGHT -> {
                double scaled = scaledVariance(parameter);
                if (values.length > 0) {
                    VarianceScalingInitializer.fill(values, scaled, "uniform", random);
                }
            }
            case EMBEDDING -> Fills.uniform(values, -EMBEDDING_LIMIT, EMBEDDING_LIMIT, random);
            case NORMALIZATION_SCALE -> Arrays.fill(values, 1f);
            case BIAS, NORMALIZATION_SHIFT -> Arrays.fill(values, 0f);
        }
    }

    /**
     * @param parameter any parameter this initializer accepts
     * @return {@code sqrt(1 / max(1, (fan_in + fan_out) / 2))} for weights, {@code 0.1 / sqrt(12)} for
     *         embeddings, 0 for biases and normalization parameters
     * @throws IllegalArgumentException for a weight with fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return switch (LayerSlot.of(parameter)) {
            case WEIGHT -> OptionalDouble.of(Math.sqrt(scaledVariance(parameter)));
            case EMBEDDING -> OptionalDouble.of(2 * EMBEDDING_LIMIT / Math.sqrt(12.0));
            case BIAS, NORMALIZATION_SCALE, NORMALIZATION_SHIFT -> OptionalDouble.of(0);
        };
    }

    /** Keras' {@code 1 / max(1, fan_avg)}. */
    private static double scaledVariance(ParameterSpec parameter) {
        return 1.0 / Math.max(1.0, FanBased.fans(KerasDefaultProvider.NAME, parameter).select("fan_avg"));
    }

    /** @return {@code keras-default} */
    @Override
    public String toString() {
        return KerasDefaultProvider.NAME;
    }
}
