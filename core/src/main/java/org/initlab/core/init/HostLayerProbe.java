package org.initlab.core.init;

import java.util.List;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.host.Stage;
import org.initlab.spi.LayerProbe;
import org.initlab.spi.ParameterSpec;

/**
 * The {@link LayerProbe} that {@link InitializationPlan#materialize(org.initlab.core.model.Network, long,
 * org.initlab.core.data.Dataset)} hands to a data-dependent initializer: live views of the parameter set
 * being built and double-precision forward passes of the probe batch on the host.
 */
final class HostLayerProbe implements LayerProbe {
    private final HostNetwork host;
    private final ParameterSet parameters;
    private final List<ParameterSpec> weights;
    private final int[] stageOf;
    private final float[] inputs;
    private final int batch;

    HostLayerProbe(HostNetwork host, ParameterSet parameters, List<ParameterSpec> weights, float[] inputs,
                   int batch) {
        this.host = host;
        this.parameters = parameters;
        this.weights = List.copyOf(weights);
        this.inputs = inputs;
        this.batch = batch;
        this.stageOf = new int[this.weights.size()];
        for (int k = 0; k < stageOf.length; k++) {
            String path = this.weights.get(k).path();
            stageOf[k] = host.stages().stream().filter(s -> s.weightPath().equals(path)).mapToInt(
                    Stage::index).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "parameter " + path + " is not the weight of a dense or convolution layer"));
        }
    }

    @Override
    public List<ParameterSpec> weights() {
        return weights;
    }

    @Override
    public float[] values(int layer) {
        return parameters.values(weights.get(layer).path());
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public float[] outputs(int layer) {
        double[] z = pre(layer);
        float[] out = new float[z.length];
        for (int k = 0; k < z.length; k++) {
            out[k] = (float) z[k];
        }
        return out;
    }

    @Override
    public double outputVariance(int layer) {
        double[] z = pre(layer);
        double sum = 0;
        for (double v : z) {
            sum += v;
        }
        double mean = sum / z.length;
        double squares = 0;
        for (double v : z) {
            squares += (v - mean) * (v - mean);
        }
        return squares / z.length;
    }

    private double[] pre(int layer) {
        return host.preActivations(parameters::values, inputs, batch, stageOf[layer]);
    }
}
