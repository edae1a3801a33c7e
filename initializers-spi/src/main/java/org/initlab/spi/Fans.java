package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Fan-in and fan-out of a weight tensor, computed exactly as PyTorch's
 * {@code torch.nn.init._calculate_fan_in_and_fan_out}: for a shape {@code [d0, d1, k...]} with receptive
 * field {@code rf = prod(k)}, {@code fanIn = d1 * rf} and {@code fanOut = d0 * rf}.
 *
 * <p>For a transposed convolution PyTorch's layout is {@code [in, out/groups, k...]}, so these values are
 * the fans of the forward convolution it transposes; initlab follows PyTorch here.
 *
 * @param fanIn  number of inputs that feed one output unit
 * @param fanOut number of outputs that one input unit feeds
 */
@API(status = STABLE, since = "0.1")
public record Fans(long fanIn, long fanOut) {

    /** Validates that both fans are non-negative. */
    public Fans {
        if (fanIn < 0 || fanOut < 0) {
            throw new IllegalArgumentException("fans must be >= 0, got fan_in=" + fanIn + ", fan_out=" + fanOut);
        }
    }

    /**
     * Computes the fans of a tensor shape.
     *
     * @param shape a shape with at least 2 dimensions
     * @return its fans
     * @throws IllegalArgumentException if the shape has fewer than 2 dimensions
     */
    public static Fans of(TensorShape shape) {
        if (shape.rank() < 2) {
            throw new IllegalArgumentException(
                    "fan in and fan out can not be computed for a tensor with fewer than 2 dimensions, got shape "
                            + shape);
        }
        long rf = shape.receptiveField();
        return new Fans(shape.dim(1) * rf, shape.dim(0) * rf);
    }

    /**
     * Selects a fan by PyTorch's mode name.
     *
     * @param mode {@code fan_in}, {@code fan_out} or {@code fan_avg}
     * @return the selected fan ({@code (fanIn + fanOut) / 2} for {@code fan_avg})
     * @throws IllegalArgumentException for any other mode
     */
    public double select(String mode) {
        return switch (mode) {
            case "fan_in" -> fanIn;
            case "fan_out" -> fanOut;
            case "fan_avg" -> (fanIn + fanOut) / 2.0;
            default -> throw new IllegalArgumentException(
                    "mode must be one of fan_in, fan_out, fan_avg, got '" + mode + "'");
        };
    }
}
