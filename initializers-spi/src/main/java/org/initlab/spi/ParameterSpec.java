package org.initlab.spi;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Everything an initializer is told about the tensor it fills.
 *
 * @param path         the parameter's unique path, PyTorch {@code state_dict} style ({@code 0.weight},
 *                     {@code 2.bias})
 * @param role         weight, bias or other
 * @param shape        the tensor's shape in PyTorch layout
 * @param layerKind    the kind of layer that owns it
 * @param nonlinearity the nonlinearity that follows the layer ({@link Nonlinearity#LINEAR} for none)
 * @param layerFans    the fans of the owning layer's weight, when it has one; a bias is told its layer's fans
 *                     here (PyTorch's default bias rule {@code U(+-1/sqrt(fan_in))} needs them), while
 *                     {@link #fans()} of a bias fails as PyTorch's does
 * @param placement    where the parameter sits in a residual network, when the network says (initlab's
 *                     networks always do; a description built with the six-argument constructor has none):
 *                     what structure-aware initializers such as {@code fixup} read
 */
@API(status = STABLE, since = "0.1")
public record ParameterSpec(String path, ParameterRole role, TensorShape shape, LayerKind layerKind,
                            Nonlinearity nonlinearity, Optional<Fans> layerFans,
                            Optional<Placement> placement) {

    /** Validates that no component is null or blank. */
    public ParameterSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(layerKind, "layerKind");
        Objects.requireNonNull(nonlinearity, "nonlinearity");
        Objects.requireNonNull(layerFans, "layerFans");
        Objects.requireNonNull(placement, "placement");
        if (path.isBlank()) {
            throw new IllegalArgumentException("parameter path must not be blank");
        }
    }

    /**
     * A description without a placement, as before placements existed (plugins and tests that build their own
     * descriptions keep compiling and behaving the same).
     *
     * @param path         the parameter path
     * @param role         weight, bias or other
     * @param shape        the tensor's shape
     * @param layerKind    the owning layer's kind
     * @param nonlinearity the nonlinearity that follows the layer
     * @param layerFans    the owning layer's fans, when it has a weight
     */
    public ParameterSpec(String path, ParameterRole role, TensorShape shape, LayerKind layerKind,
                         Nonlinearity nonlinearity, Optional<Fans> layerFans) {
        this(path, role, shape, layerKind, nonlinearity, layerFans, Optional.empty());
    }

    /**
     * @param where where the parameter sits
     * @return this description with the given placement
     */
    @API(status = org.apiguardian.api.API.Status.EXPERIMENTAL, since = "0.4")
    public ParameterSpec withPlacement(Placement where) {
        return new ParameterSpec(path, role, shape, layerKind, nonlinearity, layerFans, Optional.of(where));
    }

    /**
     * Describes a weight tensor; its layer fans are computed from its shape when it has 2 or more dimensions.
     *
     * @param path         the parameter path
     * @param shape        the weight shape
     * @param layerKind    the owning layer's kind
     * @param nonlinearity the nonlinearity that follows
     * @return the description
     */
    public static ParameterSpec weight(String path, TensorShape shape, LayerKind layerKind,
                                       Nonlinearity nonlinearity) {
        Optional<Fans> fans = shape.rank() >= 2 ? Optional.of(Fans.of(shape)) : Optional.empty();
        return new ParameterSpec(path, ParameterRole.WEIGHT, shape, layerKind, nonlinearity, fans);
    }

    /**
     * Describes the bias of a layer whose weight has the given shape.
     *
     * @param path         the parameter path
     * @param length       the bias length
     * @param weightShape  the owning layer's weight shape
     * @param layerKind    the owning layer's kind
     * @param nonlinearity the nonlinearity that follows
     * @return the description
     */
    public static ParameterSpec bias(String path, int length, TensorShape weightShape, LayerKind layerKind,
                                     Nonlinearity nonlinearity) {
        Optional<Fans> fans = weightShape.rank() >= 2 ? Optional.of(Fans.of(weightShape)) : Optional.empty();
        return new ParameterSpec(path, ParameterRole.BIAS, TensorShape.of(length), layerKind, nonlinearity, fans);
    }

    /**
     * The fans of this tensor itself, as PyTorch computes them.
     *
     * @return the fans
     * @throws IllegalArgumentException if the tensor has fewer than 2 dimensions
     */
    public Fans fans() {
        return Fans.of(shape);
    }

    /** @return the number of elements of the tensor */
    public int elementCount() {
        long n = shape.elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("parameter " + path + " with shape " + shape
                    + " is too large for a Java array");
        }
        return (int) n;
    }
}
