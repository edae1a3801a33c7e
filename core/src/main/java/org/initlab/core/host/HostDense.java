package org.initlab.core.host;

import org.initlab.core.model.DenseLayer;

/**
 * {@code z = (c x) W^T + b} and its gradients ({@code dW = c dz^T x}, {@code dx = c dz W}, {@code db = sum dz}),
 * in double precision, one writer per output element; {@code c} is the layer's input multiplier.
 */
final class HostDense {
    private HostDense() {
    }

    static double[] forward(Parallel parallel, double[] x, int batch, DenseLayer layer, float[] weight, float[] bias) {
        int in = layer.inputs();
        int out = layer.outputs();
        double c = layer.inputMultiplier();
        double[] transposed = new double[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = c * weight[o * in + i];
            }
        }
        double[] z = new double[batch * out];
        parallel.rows(batch, (long) in * out, b -> {
            int zr = b * out;
            for (int o = 0; o < out; o++) {
                z[zr + o] = bias[o];
            }
            int xr = b * in;
            for (int i = 0; i < in; i++) {
                double v = x[xr + i];
                if (v != 0) {
                    int t = i * out;
                    for (int o = 0; o < out; o++) {
                        z[zr + o] += v * transposed[t + o];
                    }
                }
            }
        });
        return z;
    }

    /** Fills {@code dWeight [out, in]} and {@code dBias [out]}, one output unit per writer. */
    static void parameterGradients(Parallel parallel, double[] dz, double[] x, int batch, DenseLayer layer, double[] dWeight,
                                   double[] dBias) {
        int in = layer.inputs();
        int out = layer.outputs();
        double c = layer.inputMultiplier();
        parallel.rows(out, (long) batch * in, o -> {
            int w = o * in;
            double db = 0;
            for (int b = 0; b < batch; b++) {
                double d = dz[b * out + o];
                db += d;
                if (d != 0) {
                    int xr = b * in;
                    double dc = d * c;
                    for (int i = 0; i < in; i++) {
                        dWeight[w + i] += dc * x[xr + i];
                    }
                }
            }
            dBias[o] = db;
        });
    }

    static double[] inputGradient(Parallel parallel, double[] dz, int batch, DenseLayer layer, float[] weight) {
        int in = layer.inputs();
        int out = layer.outputs();
        double c = layer.inputMultiplier();
        double[] dx = new double[batch * in];
        parallel.rows(batch, (long) out * in, b -> {
            int xr = b * in;
            for (int o = 0; o < out; o++) {
                double d = c * dz[b * out + o];
                if (d != 0) {
                    int w = o * in;
                    for (int i = 0; i < in; i++) {
                        dx[xr + i] += d * weight[w + i];
                    }
                }
            }
        });
        return dx;
    }
}
