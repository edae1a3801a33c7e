package org.initlab.backends.djl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.Network;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;

/**
 * A deliberately naive double-precision reference of convolutional networks without training-mode layers
 * (dense, activation, convolution, max and average pooling, flatten), written from the formulas in the
 * layers' Javadoc: nested loops per output value, nothing shared with the backend. Central finite differences
 * of its mean cross-entropy loss are the reference gradients.
 */
final class NaiveCnn {
    private final Network network;
    private final List<ParameterSpec> specs;
    private final Map<String, double[]> parameters = new LinkedHashMap<>();

    NaiveCnn(Network network, ParameterSet values) {
        this.network = network;
        this.specs = network.parameters();
        for (ParameterSpec spec : specs) {
            float[] v = values.values(spec.path());
            double[] d = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                d[i] = v[i];
            }
            parameters.put(spec.path(), d);
        }
    }

    /** @return the logits {@code [batch, classes]} */
    double[] logits(float[] inputs, int batch) {
        int width = network.inputWidth();
        int classes = network.outputWidth();
        double[] out = new double[batch * classes];
        for (int b = 0; b < batch; b++) {
            double[] h = new double[width];
            for (int i = 0; i < width; i++) {
                h[i] = inputs[b * width + i];
            }
            System.arraycopy(sample(h), 0, out, b * classes, classes);
        }
        return out;
    }

    /** @return the mean softmax cross-entropy */
    double loss(float[] inputs, int[] labels, int batch) {
        int classes = network.outputWidth();
        double[] logits = logits(inputs, batch);
        double sum = 0;
        for (int b = 0; b < batch; b++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[b * classes + k]);
            }
            double z = 0;
            for (int k = 0; k < classes; k++) {
                z += Math.exp(logits[b * classes + k] - max);
            }
            sum += max + Math.log(z) - logits[b * classes + labels[b]];
        }
        return sum / batch;
    }

    /** @return {@code (loss(p + h) - loss(p - h)) / 2h} for every scalar parameter */
    Map<String, double[]> finiteDifferences(float[] inputs, int[] labels, int batch, double h) {
        return finiteDifferences(inputs, labels, batch, h, List.copyOf(parameters.keySet()));
    }

    /** @return the finite differences of the named parameters only */
    Map<String, double[]> finiteDifferences(float[] inputs, int[] labels, int batch, double h, List<String> paths) {
        Map<String, double[]> result = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : parameters.entrySet()) {
            if (!paths.contains(e.getKey())) {
                continue;
            }
            double[] p = e.getValue();
            double[] g = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                double saved = p[i];
                p[i] = saved + h;
                double up = loss(inputs, labels, batch);
                p[i] = saved - h;
                double down = loss(inputs, labels, batch);
                p[i] = saved;
                g[i] = (up - down) / (2 * h);
            }
            result.put(e.getKey(), g);
        }
        return result;
    }

    private double[] sample(double[] input) {
        List<Layer> layers = network.layers();
        List<FeatureShape> shapes = network.shapes();
        double[] h = input;
        int p = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<String> paths = new ArrayList<>();
            for (ParameterSpec spec : layer.parameters(i, Nonlinearity.LINEAR)) {
                paths.add(specs.get(p++).path());
            }
            FeatureShape in = shapes.get(i);
            if (layer instanceof DenseLayer d) {
                h = dense(h, d, parameters.get(paths.get(0)), parameters.get(paths.get(1)));
            } else if (layer instanceof Conv2dLayer c) {
                h = conv(h, in, c, parameters.get(paths.get(0)), parameters.get(paths.get(1)));
            } else if (layer instanceof ActivationLayer a) {
                double[] y = new double[h.length];
                for (int j = 0; j < h.length; j++) {
                    y[j] = a.activation().apply(h[j]);
                }
                h = y;
            } else if (layer instanceof MaxPool2dLayer m) {
                h = pool(h, in, m.kernel(), m.stride(), true);
            } else if (layer instanceof AvgPool2dLayer a) {
                h = pool(h, in, a.kernel(), a.stride(), false);
            } else if (!(layer instanceof FlattenLayer)) {
                throw new IllegalArgumentException("the naive reference has no " + layer);
            }
        }
        return h;
    }

    private static double[] dense(double[] x, DenseLayer d, double[] w, double[] b) {
        double[] y = new double[d.outputs()];
        for (int o = 0; o < d.outputs(); o++) {
            double s = b[o];
            for (int i = 0; i < d.inputs(); i++) {
                s += w[o * d.inputs() + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    /** One sample of {@code nn.Conv2d}: zero padding, grouped channels, weight {@code [out, in/groups, k, k]}. */
    static double[] conv(double[] x, FeatureShape in, Conv2dLayer c, double[] w, double[] b) {
        FeatureShape out = c.outputShape(in);
        int k = c.kernel();
        int perGroupIn = c.inChannels() / c.groups();
        int perGroupOut = c.outChannels() / c.groups();
        double[] y = new double[out.size()];
        for (int o = 0; o < c.outChannels(); o++) {
            int firstIn = (o / perGroupOut) * perGroupIn;
            for (int i = 0; i < out.height(); i++) {
                for (int j = 0; j < out.width(); j++) {
                    double s = b[o];
                    for (int ci = 0; ci < perGroupIn; ci++) {
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                int row = i * c.stride() + u - c.padding();
                                int col = j * c.stride() + v - c.padding();
                                if (row < 0 || row >= in.height() || col < 0 || col >= in.width()) {
                                    continue;
                                }
                                s += w[((o * perGroupIn + ci) * k + u) * k + v]
                                        * x[((firstIn + ci) * in.height() + row) * in.width() + col];
                            }
                        }
                    }
                    y[(o * out.height() + i) * out.width() + j] = s;
                }
            }
        }
        return y;
    }

    /** One sample of {@code max_pool2d} / {@code avg_pool2d} without padding, floor mode. */
    static double[] pool(double[] x, FeatureShape in, int kernel, int stride, boolean max) {
        int oh = (in.height() - kernel) / stride + 1;
        int ow = (in.width() - kernel) / stride + 1;
        double[] y = new double[in.channels() * oh * ow];
        for (int c = 0; c < in.channels(); c++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int u = 0; u < kernel; u++) {
                        for (int v = 0; v < kernel; v++) {
                            double value = x[(c * in.height() + i * stride + u) * in.width() + j * stride + v];
                            acc = max ? Math.max(acc, value) : acc + value;
                        }
                    }
                    y[(c * oh + i) * ow + j] = max ? acc : acc / (kernel * kernel);
                }
            }
        }
        return y;
    }
}
