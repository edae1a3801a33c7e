package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;

/**
 * A layer with one learnable scalar that keeps its input's shape: the residual gate ({@link GateLayer}) and
 * Fixup's scalar bias ({@link ScalarBiasLayer}). Both belong inside a residual branch.
 */
@API(status = EXPERIMENTAL, since = "0.4")
public sealed interface ScalarLayer extends Layer permits GateLayer, ScalarBiasLayer {

    /** @return the scalar's name in its parameter path ({@code alpha}, {@code bias}) */
    String parameterName();

    /** @return the scalar's role */
    ParameterRole role();

    @Override
    default FeatureShape outputShape(FeatureShape input) {
        return input;
    }

    @Override
    default List<ParameterSpec> parameters(String prefix, Nonlinearity next) {
        return List.of(new ParameterSpec(prefix + "." + parameterName(), role(), TensorShape.of(1), LayerKind.OTHER,
                next, Optional.empty()));
    }
}
