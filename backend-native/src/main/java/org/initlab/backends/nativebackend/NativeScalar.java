package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.GateLayer;
import org.initlab.core.model.ScalarLayer;
import org.initlab.spi.ParameterSpec;

/**
 * A layer with one learnable scalar inside a residual branch: the gate {@code y = alpha x} ({@link GateLayer})
 * or the scalar bias {@code y = x + b} ({@link org.initlab.core.model.ScalarBiasLayer}), element-wise on a flat
 * or spatial boundary, split by elements.
 *
 * <p>Backward phase 0 writes the input gradient ({@code alpha dy}, or {@code dy}) split by elements and the
 * per-row sums of the scalar's gradient ({@code dy x} for the gate, {@code dy} for the bias) split by rows, each
 * row summed in order in double; phase 1 adds the row sums in row order on one worker. The result is the same
 * for any number of workers.
 */
final class NativeScalar implements NativeLayer {
    private final Boundary in;
    private final Boundary out;
    private final boolean gate;
    private final float[] value;
    private final float[] gradient = new float[1];
    /** One partial sum per row of the boundary (samples or channels). */
    private final double[] rowSums;

    NativeScalar(ScalarLayer layer, String path, Boundary in, Boundary out, ParameterSet initial, int maxBatch) {
        this.in = in;
        this.out = out;
        this.gate = layer instanceof GateLayer;
        this.value = LayerParameters.values(initial, path + "." + layer.parameterName(), 1).clone();
        this.rowSums = new double[Math.max(in.rows(maxBatch), 1)];
    }

    @Override
    public void forward(int phase, int worker, int workers, int batch, boolean training) {
        int length = in.rowLength(batch);
        long total = (long) in.rows(batch) * length;
        long e0 = total * worker / workers;
        long e1 = total * (worker + 1) / workers;
        float s = value[0];
        for (long e = e0; e < e1; ) {
            int r = (int) (e / length);
            int k0 = (int) (e - (long) r * length);
            int k1 = (int) Math.min(length, e1 - (long) r * length);
            float[] x = in.values[r];
            float[] y = out.values[r];
            if (gate) {
                for (int k = k0; k < k1; k++) {
                    y[k] = s * x[k];
                }
            } else {
                for (int k = k0; k < k1; k++) {
                    y[k] = x[k] + s;
                }
            }
            e += k1 - k0;
        }
    }

    @Override
    public int backwardPhases() {
        return 2;
    }

    @Override
    public void backward(int phase, int worker, int workers, int batch) {
        int rows = in.rows(batch);
        if (phase == 1) {
            if (worker == 0) {
                double sum = 0;
                for (int r = 0; r < rows; r++) {
                    sum += rowSums[r];
                }
                gradient[0] = (float) sum;
            }
            return;
        }
        int length = in.rowLength(batch);
        float s = value[0];
        for (int r = Kernels.share(rows, worker, workers); r < Kernels.share(rows, worker + 1, workers); r++) {
            float[] dy = out.gradients[r];
            float[] x = in.values[r];
            float[] dx = in.gradients == null ? null : in.gradients[r];
            double sum = 0;
            for (int k = 0; k < length; k++) {
                sum += gate ? (double) dy[k] * x[k] : dy[k];
                if (dx != null) {
                    dx[k] = gate ? s * dy[k] : dy[k];
                }
            }
            rowSums[r] = sum;
        }
    }

    @Override
    public void rows(List<float[]> parameters, List<float[]> gradients) {
        parameters.add(value);
        gradients.add(gradient);
    }

    @Override
    public void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
        LayerParameters.add(specs, gradients ? gradient : value, out);
    }
}
