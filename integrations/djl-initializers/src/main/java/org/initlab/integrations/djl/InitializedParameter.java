package org.initlab.integrations.djl;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.TensorShape;

/**
 * What {@link DjlBlockInitializer} did to one parameter of a DJL block.
 *
 * @param name         DJL's name of the parameter, e.g. {@code 01Linear_weight}
 * @param shape        its shape (PyTorch layout, which is DJL's)
 * @param spec         the canonical spec of the initializer that filled it ({@code ones} and {@code zeros} for
 *                     a normalization layer's scale and shift that no rule names)
 * @param nonlinearity the nonlinearity the initializer was told follows its layer
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record InitializedParameter(String name, TensorShape shape, String spec, Nonlinearity nonlinearity) {
    /** Validates the components. */
    public InitializedParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(nonlinearity, "nonlinearity");
    }

    /** @return e.g. {@code 01Linear_weight [128, 784] orthogonal} */
    @Override
    public String toString() {
        return name + " " + shape + " " + spec;
    }
}
