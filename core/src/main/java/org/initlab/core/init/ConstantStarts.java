package org.initlab.core.init;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;

/**
 * The parameters that start at a fixed distribution whatever a plan's weight and bias initializers say
 * (normalization scale 1 and shift 0, residual gate 1, scalar bias 0, a vision transformer's class token 0 and
 * positional embedding {@code N(0, 0.02)} as torchvision's {@code VisionTransformer} starts them), and the
 * initializers that fill them.
 */
final class ConstantStarts {
    /** torchvision's start of the positional embedding, {@code normal_(std=0.02)}. */
    static final NamedInitializer POSITIONS = new NamedInitializer("normal(std=0.02)", new Normal(0.02));

    private ConstantStarts() {
    }

    /**
     * @return the start of a parameter whatever the plan's initializers (normalization scale 1 and shift 0,
     *         residual gate 1, scalar bias 0, class token 0, positional embedding {@code N(0, 0.02)}), or null for
     *         kernels and layer biases
     */
    static NamedInitializer of(ParameterSpec parameter) {
        if (parameter.layerKind() == LayerKind.NORMALIZATION) {
            return parameter.role() == ParameterRole.BIAS ? InitializationPlan.NORMALIZATION_SHIFT : InitializationPlan.NORMALIZATION_SCALE;
        }
        if (parameter.layerKind() == LayerKind.EMBEDDING) {
            if (parameter.path().endsWith("." + ClassToken.PARAMETER)) {
                return InitializationPlan.NORMALIZATION_SHIFT;
            }
            if (parameter.path().endsWith("." + PositionalEmbedding.PARAMETER)) {
                return POSITIONS;
            }
        }
        Placement.Region region = parameter.placement().map(Placement::region).orElse(Placement.Region.TRUNK);
        return switch (region) {
            case GATE -> InitializationPlan.NORMALIZATION_SCALE;
            case SCALAR_BIAS -> InitializationPlan.NORMALIZATION_SHIFT;
            default -> null;
        };
    }

    /** Fills every element with one value (expected std 0). */
    record Constant(float value) implements Initializer {
        @Override
        public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
            Initializer.checkLength(parameter, values);
            Arrays.fill(values, value);
        }

        @Override
        public OptionalDouble expectedStd(ParameterSpec parameter) {
            return OptionalDouble.of(0);
        }
    }

    /** {@code N(0, std^2)}, one {@code nextGaussian()} per element in order (the built-in {@code normal}'s draws). */
    record Normal(double std) implements Initializer {
        @Override
        public void initialize(ParameterSpec parameter, float[] values, SeededRandom random) {
            Initializer.checkLength(parameter, values);
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) (std * random.nextGaussian());
            }
        }

        @Override
        public OptionalDouble expectedStd(ParameterSpec parameter) {
            return OptionalDouble.of(std);
        }
    }
}
