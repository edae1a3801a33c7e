package org.initlab.core.init;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.host.Stage;
import org.initlab.core.model.Layer;
import org.initlab.spi.LayerProbe;
import org.initlab.spi.Nonlinearity;
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
    private final Map<String, float[]> snapshot = new HashMap<>();
    private double[] cachedInput;
    private int cachedLayer = -1;

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
        return TensorMoments.of(pre(layer)).variance();
    }

    /**
     * The pre-activations of a weighted layer. The input of the last layer asked for is kept with a copy of
     * every parameter before it: while those are unchanged (LSUV rescales one layer at a time, in order),
     * the next request runs only the layers from there on. Results are the same bits as a full pass.
     */
    private double[] pre(int layer) {
        int target = host.stages().get(stageOf[layer]).layerIndex();
        double[] x;
        int from;
        if (cachedLayer >= 0 && cachedLayer <= target && snapshotIsCurrent()) {
            x = cachedInput;
            from = cachedLayer;
        } else {
            x = host.inputs(inputs, batch);
            from = 0;
            snapshot.clear();
        }
        x = host.forwardLayers(parameters::values, x, batch, from, target);
        List<Layer> layers = host.network().layers();
        for (int i = from; i < target; i++) {
            for (ParameterSpec p : layers.get(i).parameters(i, Nonlinearity.LINEAR)) {
                snapshot.put(p.path(), parameters.values(p.path()).clone());
            }
        }
        cachedInput = x;
        cachedLayer = target;
        return host.preActivationsFrom(parameters::values, x, batch, stageOf[layer]);
    }

    private boolean snapshotIsCurrent() {
        for (Map.Entry<String, float[]> e : snapshot.entrySet()) {
            if (!Arrays.equals(e.getValue(), parameters.values(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
