package org.initlab.core.width;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.initlab.core.host.HostNetwork;
import org.initlab.core.host.HostTrace;
import org.initlab.core.host.LayerSite;
import org.initlab.core.host.Stage;
import org.initlab.core.model.Activation;

/**
 * Measures the outputs of one network's probed layers on the probe batch with the host pass: every weighted
 * layer's raw output and every stage's first activation, in network order. Keeps the outputs at
 * initialization to measure the change since.
 */
final class CoordinateProbe implements AutoCloseable {
    private final HostNetwork host;
    private final List<ProbedLayer> layers = new ArrayList<>();
    private final List<LayerSite> sites = new ArrayList<>();
    private final float[] inputs;
    private final int batch;
    private double[][] initial;

    /**
     * @param host   the host network (closed with this probe)
     * @param inputs the probe batch, {@code [batch, inputWidth]}
     * @param batch  its number of samples
     */
    CoordinateProbe(HostNetwork host, float[] inputs, int batch) {
        this.host = host;
        this.inputs = inputs;
        this.batch = batch;
        for (Stage stage : host.stages()) {
            layers.add(new ProbedLayer(stage.site().path(), stage.convolution() ? "conv" : "dense"));
            sites.add(stage.site());
            stage.activationSite().ifPresent(site -> {
                Activation activation = stage.activation();
                layers.add(new ProbedLayer(site.path(), activation.specName()));
                sites.add(site);
            });
        }
    }

    /** @return the probed layers, in network order */
    List<ProbedLayer> layers() {
        return List.copyOf(layers);
    }

    /**
     * Runs the probe batch and measures every probed layer; the first call's outputs are the initial ones.
     *
     * @param parameters the current parameters by path
     * @return per probed layer {@code {mean |x|, mean |x - x_0|}}
     */
    double[][] measure(Function<String, float[]> parameters) {
        HostTrace trace = host.forward(parameters, inputs, batch);
        boolean first = initial == null;
        if (first) {
            initial = new double[sites.size()][];
        }
        double[][] result = new double[sites.size()][];
        for (int k = 0; k < sites.size(); k++) {
            double[] x = trace.output(sites.get(k));
            if (first) {
                initial[k] = x.clone();
            }
            double[] x0 = initial[k];
            double size = 0;
            double change = 0;
            for (int i = 0; i < x.length; i++) {
                size += Math.abs(x[i]);
                change += Math.abs(x[i] - x0[i]);
            }
            result[k] = new double[] {size / x.length, change / x.length};
        }
        return result;
    }

    @Override
    public void close() {
        host.close();
    }
}
