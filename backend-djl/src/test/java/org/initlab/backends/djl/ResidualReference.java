package org.initlab.backends.djl;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.GateLayer;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.ScalarBiasLayer;
import org.initlab.spi.ParameterSpec;

/**
 * A network with residual blocks computed in double precision, written straight from the layers' Javadoc
 * (the backend kit's reference does not know residual blocks yet): dense, convolution (stride, zero padding,
 * groups), batch normalization (batch statistics and PyTorch's running-statistics rule in training mode, the
 * running statistics in evaluation mode), layer normalization over the whole sample, activations by
 * {@link org.initlab.core.model.Activation#apply}, global average pooling, flatten, and inside residual blocks
 * {@code post(s(x) + F(x))}, gates {@code alpha * x} and scalar biases {@code x + b}. Parameters are kept by
 * path in PyTorch layout, running statistics by module path ({@code 3.branch.1}).
 */
final class ResidualReference {
    private final Network network;
    private final Map<String, double[]> parameters = new LinkedHashMap<>();
    private final Map<String, double[][]> running = new HashMap<>();

    ResidualReference(Network network, ParameterSet initial) {
        this.network = network;
        use(initial);
    }

    /** Replaces the parameters (the running statistics stay). */
    void use(ParameterSet values) {
        for (ParameterSpec spec : network.parameters()) {
            float[] v = values.values(spec.path());
            double[] copy = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                copy[i] = v[i];
            }
            parameters.put(spec.path(), copy);
        }
    }

    /** @return the running mean and variance of the batch normalization at that module path */
    double[][] runningStatistics(String module) {
        return running.get(module);
    }

    /**
     * @param training       batch statistics (else running statistics)
     * @param updateRunning  in training mode, whether the running statistics take this batch's statistics
     * @return the logits {@code [batch, classes]}
     */
    double[] logits(float[] inputs, int batch, boolean training, boolean updateRunning) {
        double[] x = new double[batch * network.inputWidth()];
        for (int i = 0; i < x.length; i++) {
            x[i] = inputs[i];
        }
        return chain(network.layers(), "", network.shapes(), x, batch, training, updateRunning);
    }

    /** @return the training-mode mean cross-entropy, changing nothing */
    double meanLoss(float[] inputs, int[] labels, int batch) {
        double[] z = logits(inputs, batch, true, false);
        int classes = network.outputWidth();
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z[b * classes + k]);
            }
            double e = 0;
            for (int k = 0; k < classes; k++) {
                e += Math.exp(z[b * classes + k] - max);
            }
            sum += max + Math.log(e) - z[b * classes + labels[b]];
        }
        return sum / batch;
    }

    /** @return central differences {@code (L(p + h) - L(p - h)) / 2h} of {@link #meanLoss} for every value */
    Map<String, double[]> finiteDifferences(float[] inputs, int[] labels, int batch, double h) {
        Map<String, double[]> result = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> entry : parameters.entrySet()) {
            double[] p = entry.getValue();
            double[] d = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                double keep = p[i];
                p[i] = keep + h;
                double up = meanLoss(inputs, labels, batch);
                p[i] = keep - h;
                double down = meanLoss(inputs, labels, batch);
                p[i] = keep;
                d[i] = (up - down) / (2 * h);
            }
            result.put(entry.getKey(), d);
        }
        return result;
    }

    private double[] chain(List<Layer> layers, String prefix, List<FeatureShape> shapes, double[] x, int batch,
                           boolean training, boolean update) {
        double[] h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = layer(layers.get(i), prefix + i, shapes.get(i), shapes.get(i + 1), h, batch, training, update);
        }
        return h;
    }

    private double[] layer(Layer layer, String module, FeatureShape in, FeatureShape out, double[] x, int batch,
                           boolean training, boolean update) {
        if (layer instanceof ResidualBlock r) {
            double[] f = chain(r.branch(), module + ".branch.", r.branchShapes(in), x, batch, training, update);
            double[] s = chain(r.shortcut(), module + ".shortcut.", r.shortcutShapes(in), x, batch, training, update);
            double[] y = new double[f.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = s[i] + f[i];
                y[i] = r.postActivation().isPresent() ? r.postActivation().get().apply(y[i]) : y[i];
            }
            return y;
        }
        double[] w = parameters.get(module + ".weight");
        double[] y = new double[batch * out.size()];
        if (layer instanceof DenseLayer d) {
            double[] bias = parameters.get(module + ".bias");
            for (int b = 0; b < batch; b++) {
                for (int o = 0; o < d.outputs(); o++) {
                    double sum = bias[o];
                    for (int i = 0; i < d.inputs(); i++) {
                        sum += w[o * d.inputs() + i] * x[b * d.inputs() + i];
                    }
                    y[b * d.outputs() + o] = sum;
                }
            }
        } else if (layer instanceof Conv2dLayer c) {
            convolution(c, in, out, x, w, parameters.get(module + ".bias"), batch, y);
        } else if (layer instanceof BatchNormLayer bn) {
            batchNorm(bn, module, in, x, w, parameters.get(module + ".bias"), batch, training, update, y);
        } else if (layer instanceof LayerNormLayer ln) {
            double[] bias = parameters.get(module + ".bias");
            int n = in.size();
            for (int b = 0; b < batch; b++) {
                double mean = 0;
                double var = 0;
                for (int k = 0; k < n; k++) {
                    mean += x[b * n + k] / n;
                }
                for (int k = 0; k < n; k++) {
                    var += (x[b * n + k] - mean) * (x[b * n + k] - mean) / n;
                }
                for (int k = 0; k < n; k++) {
                    y[b * n + k] = (x[b * n + k] - mean) / Math.sqrt(var + ln.eps()) * w[k] + bias[k];
                }
            }
        } else if (layer instanceof ActivationLayer a) {
            for (int i = 0; i < y.length; i++) {
                y[i] = a.activation().apply(x[i]);
            }
        } else if (layer instanceof GlobalAvgPool2dLayer) {
            int positions = in.height() * in.width();
            for (int i = 0; i < x.length; i++) {
                y[i / positions] += x[i] / positions;
            }
        } else if (layer instanceof FlattenLayer) {
            System.arraycopy(x, 0, y, 0, y.length);
        } else if (layer instanceof GateLayer) {
            double alpha = parameters.get(module + ".alpha")[0];
            for (int i = 0; i < y.length; i++) {
                y[i] = alpha * x[i];
            }
        } else if (layer instanceof ScalarBiasLayer) {
            double bias = parameters.get(module + ".bias")[0];
            for (int i = 0; i < y.length; i++) {
                y[i] = x[i] + bias;
            }
        } else {
            throw new IllegalArgumentException("the test reference does not know " + layer);
        }
        return y;
    }

    /** {@code y[b, o, i, j] = bias[o] + sum over the group's channels c and taps u, v of w[o, c, u, v] x[...]}. */
    private static void convolution(Conv2dLayer c, FeatureShape in, FeatureShape out, double[] x, double[] w,
                                    double[] bias, int batch, double[] y) {
        int k = c.kernel();
        int perGroupIn = c.inChannels() / c.groups();
        int perGroupOut = c.outChannels() / c.groups();
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < c.outChannels(); o++) {
                int group = o / perGroupOut;
                for (int i = 0; i < out.height(); i++) {
                    for (int j = 0; j < out.width(); j++) {
                        double sum = bias[o];
                        for (int ci = 0; ci < perGroupIn; ci++) {
                            int channel = group * perGroupIn + ci;
                            for (int u = 0; u < k; u++) {
                                int row = i * c.stride() - c.padding() + u;
                                for (int v = 0; v < k; v++) {
                                    int col = j * c.stride() - c.padding() + v;
                                    if (row >= 0 && row < in.height() && col >= 0 && col < in.width()) {
                                        sum += w[((o * perGroupIn + ci) * k + u) * k + v]
                                                * x[((b * in.channels() + channel) * in.height() + row) * in.width()
                                                + col];
                                    }
                                }
                            }
                        }
                        y[((b * c.outChannels() + o) * out.height() + i) * out.width() + j] = sum;
                    }
                }
            }
        }
    }

    /**
     * Per channel over batch and positions; training mode normalizes with the biased batch variance and moves
     * the running statistics by {@code momentum} towards the batch mean and the unbiased variance.
     */
    private void batchNorm(BatchNormLayer bn, String module, FeatureShape in, double[] x, double[] w, double[] bias,
                           int batch, boolean training, boolean update, double[] y) {
        int channels = bn.features();
        int positions = in.height() * in.width();
        double m = (double) batch * positions;
        double[][] stats = running.computeIfAbsent(module, key -> {
            double[] ones = new double[channels];
            Arrays.fill(ones, 1);
            return new double[][] {new double[channels], ones};
        });
        double[] mean = new double[channels];
        double[] var = new double[channels];
        if (training) {
            for (int i = 0; i < x.length; i++) {
                mean[(i / positions) % channels] += x[i] / m;
            }
            for (int i = 0; i < x.length; i++) {
                int c = (i / positions) % channels;
                var[c] += (x[i] - mean[c]) * (x[i] - mean[c]) / m;
            }
            if (update) {
                for (int c = 0; c < channels; c++) {
                    stats[0][c] = (1 - bn.momentum()) * stats[0][c] + bn.momentum() * mean[c];
                    stats[1][c] = (1 - bn.momentum()) * stats[1][c] + bn.momentum() * var[c] * m / (m - 1);
                }
            }
        } else {
            mean = stats[0];
            var = stats[1];
        }
        for (int i = 0; i < x.length; i++) {
            int c = (i / positions) % channels;
            y[i] = (x[i] - mean[c]) / Math.sqrt(var[c] + bn.eps()) * w[c] + bias[c];
        }
    }
}
