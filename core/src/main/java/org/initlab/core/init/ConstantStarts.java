package org.initlab.core.init;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.initlab.spi.Initializer;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.SeededRandom;

/**
 * The parameters that start at a constant whatever a plan's initializers say (normalization scale 1 and shift
 * 0, residual gate 1, scalar bias 0), and the constant initializer that fills them.
 */
final class ConstantStarts {
    private ConstantStarts() {
    }

    /**
     * @return the constant a parameter starts at whatever the plan's initializers (normalization scale 1 and
     *         shift 0, residual gate 1, scalar bias 0), or null for kernels and layer biases
     */
    static NamedInitializer of(ParameterSpec parameter) {
        if (parameter.layerKind() == LayerKind.NORMALIZATION) {
            return parameter.role() == ParameterRole.BIAS ? InitializationPlan.NORMALIZATION_SHIFT : InitializationPlan.NORMALIZATION_SCALE;
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
}
