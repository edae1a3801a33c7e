package org.initlab.backends.djl;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Network;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/** Parameters for networks with convolutions and batch normalization (the kit's fixtures assume dense layers). */
final class CnnFixtures {
    private CnnFixtures() {
    }

    /**
     * Weights {@code U(-sqrt(3 / fan_in), sqrt(3 / fan_in))} with {@code fan_in} the product of all dimensions
     * but the first (unit-variance pre-activations), biases {@code U(-0.5, 0.5)}, batch-norm scales
     * {@code U(0.5, 1.5)}.
     */
    static ParameterSet parameters(Network network, long seed) {
        SeededRandom root = SeededRandom.of(seed);
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterSpec spec : network.parameters()) {
            SeededRandom random = root.fork(spec.path());
            float[] values = new float[spec.elementCount()];
            double low;
            double high;
            if (spec.role() == ParameterRole.BIAS) {
                low = -0.5;
                high = 0.5;
            } else if (spec.layerKind() == LayerKind.NORMALIZATION) {
                low = 0.5;
                high = 1.5;
            } else {
                double bound = Math.sqrt(3.0 * spec.shape().dim(0) / spec.elementCount());
                low = -bound;
                high = bound;
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextUniform(low, high);
            }
            tensors.add(new ParameterTensor(spec, values));
        }
        return new ParameterSet(tensors);
    }
}
