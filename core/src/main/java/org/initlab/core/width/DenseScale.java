package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a parametrization does to one dense layer {@code y = W (c x) + b}.
 *
 * @param layer            the layer's index in the network ({@code <layer>.weight}, {@code <layer>.bias})
 * @param role             where the layer sits
 * @param fanInMultiplier  the width multiplier of the fan-in the rules use: {@code m = width / base_width} for a
 *                         hidden width, 1 for the input features; NTK without a base width uses the fan-in
 *                         itself; 1 under SP
 * @param fanOutMultiplier the width multiplier of the fan-out: {@code m} for a hidden width, 1 for the classes
 *                         (1 under SP and NTK, which do not use it)
 * @param inputMultiplier  the forward multiplier {@code c} of the layer's input
 * @param weight           what happens to the weight
 * @param bias             what happens to the bias
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record DenseScale(int layer, DenseRole role, double fanInMultiplier, double fanOutMultiplier,
                         double inputMultiplier, ParameterScale weight, ParameterScale bias) {
    /** Validates the components. */
    public DenseScale {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(bias, "bias");
        if (layer < 0) {
            throw new IllegalArgumentException("layer index must be >= 0, got " + layer);
        }
        if (!(inputMultiplier > 0) || Double.isInfinite(inputMultiplier)) {
            throw new IllegalArgumentException("input multiplier must be finite and > 0, got " + inputMultiplier);
        }
    }

    /** @return the weight's path, {@code <layer>.weight} */
    public String weightPath() {
        return layer + ".weight";
    }

    /** @return the bias's path, {@code <layer>.bias} */
    public String biasPath() {
        return layer + ".bias";
    }
}
