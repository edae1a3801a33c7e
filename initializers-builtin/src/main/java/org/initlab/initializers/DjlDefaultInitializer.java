package org.initlab.initializers;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Fans;
import org.initlab.spi.Initializer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * DJL's default {@code ai.djl.training.initializer.XavierInitializer()} for weights, zeros for biases:
 * {@code XavierInitializer(RandomType.UNIFORM, FactorType.AVG, magnitude = 6)}, i.e.
 * <pre>U[-c, c),   c = sqrt(magnitude / ((fan_in + fan_out) / 2)) = sqrt(12 / (fan_in + fan_out))</pre>
 * which is {@code sqrt(2)} times Glorot's bound (twice its variance). DJL's Javadoc still describes the
 * magnitude-3 formula {@code sqrt(3 / (0.5 (n_in + n_out)))} (Glorot uniform), and its first releases used 3,
 * but the no-argument constructor has passed {@code 6f} since (checked against
 * {@code api/src/main/java/ai/djl/training/initializer/XavierInitializer.java}); initlab does what the code
 * does. DJL computes {@code c} in {@code float}; initlab in {@code double}. Fans are DJL's, which equal
 * PyTorch's for {@code [out, in, k...]} weights. Biases (DJL's {@code Parameter.Type.BIAS}) and
 * normalization shifts (BETA) are 0, normalization scales (GAMMA) 1; embeddings are weights.
 *
 * <p>Not to be confused with the initializer a DJL block gets when none is set:
 * {@code Parameter.Type.WEIGHT} defaults to {@code XavierInitializer(GAUSSIAN, IN, 2)}, which is He normal
 * ({@code he-normal} here). The {@code XavierInitializer()} preset is what DJL's examples and most DJL
 * training configurations set explicitly ({@code setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)}).
 *
 * <p>From X. Glorot and Y. Bengio, "Understanding the difficulty of training deep feedforward neural
 * networks", AISTATS 2010 (with DJL's magnitude).
 */
public record DjlDefaultInitializer() implements Initializer {
    /** The magnitude of DJL's {@code XavierInitializer()}. */
    static final double MAGNITUDE = 6;

    /**
     * Fills {@code values} by the rule for the parameter's layer kind and role (see the class comment).
     *
     * @param parameter a weight with at least 2 dimensions, a bias, or a normalization parameter
     * @param values    the elements, length {@code parameter.elementCount()}
     * @param random    the parameter's generator; one {@code nextDouble()} per weight element
     * @throws IllegalArgumentException for a weight with fewer than 2 dimensions
     */
    @Override
    public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
        Initializer.checkLength(parameter, values);
        switch (LayerSlot.of(parameter)) {
            case WEIGHT, EMBEDDING -> {
                double bound = bound(parameter);
                if (values.length > 0) {
                    Fills.uniform(values, -bound, bound, random);
                }
            }
            case NORMALIZATION_SCALE -> Arrays.fill(values, 1f);
            case BIAS, NORMALIZATION_SHIFT -> Arrays.fill(values, 0f);
        }
    }

    /**
     * @param parameter any parameter this initializer accepts
     * @return {@code sqrt(4 / (fan_in + fan_out))} for weights (empty when both fans are 0), 0 otherwise
     * @throws IllegalArgumentException for a weight with fewer than 2 dimensions
     */
    @Override
    public OptionalDouble expectedStd(ParameterSpec parameter) {
        return switch (LayerSlot.of(parameter)) {
            case WEIGHT, EMBEDDING -> FanBased.finite(bound(parameter) / FanBased.SQRT_3);
            case BIAS, NORMALIZATION_SCALE, NORMALIZATION_SHIFT -> OptionalDouble.of(0);
        };
    }

    /** DJL's {@code sqrt(magnitude / ((fan_in + fan_out) / 2))}. */
    private static double bound(ParameterSpec parameter) {
        Fans fans = FanBased.fans(DjlDefaultProvider.NAME, parameter);
        return Math.sqrt(MAGNITUDE / ((fans.fanIn() + fans.fanOut()) / 2.0));
    }

    /** @return {@code djl-default} */
    @Override
    public String toString() {
        return DjlDefaultProvider.NAME;
    }
}
