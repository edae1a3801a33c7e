package org.initlab.initializers;

import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;

/**
 * What a parameter is, as far as a framework's default layer initialization cares: the framework presets
 * ({@code pytorch-default}, {@code keras-default}, {@code djl-default}) pick their rule by it.
 */
enum LayerSlot {
    /** The weight (kernel) of a dense or convolution layer, or any other non-bias tensor outside the cases below. */
    WEIGHT,
    /** A bias of a dense or convolution layer. */
    BIAS,
    /** The table of an embedding layer. */
    EMBEDDING,
    /** The scale (gamma) of a normalization layer. */
    NORMALIZATION_SCALE,
    /** The shift (beta) of a normalization layer. */
    NORMALIZATION_SHIFT;

    /** Classifies a parameter by its layer kind and role. */
    static LayerSlot of(ParameterSpec parameter) {
        boolean bias = parameter.role() == ParameterRole.BIAS;
        if (parameter.layerKind() == LayerKind.NORMALIZATION) {
            return bias ? NORMALIZATION_SHIFT : NORMALIZATION_SCALE;
        }
        if (bias) {
            return BIAS;
        }
        return parameter.layerKind() == LayerKind.EMBEDDING ? EMBEDDING : WEIGHT;
    }
}
