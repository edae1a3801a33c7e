package org.initlab.testkit.backend;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Activation;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.MaxPool2dLayer;

/**
 * The forward and backward passes of the layers with a spatial structure (dense, convolution, pooling) and the
 * softmax cross-entropy for the {@link ReferenceNetwork}, in double precision and written for obviousness rather than speed. Each layer's
 * index arithmetic lives in one enumeration ({@link #convolutionTaps}, {@link #poolWindows}) shared by the
 * forward and the backward pass, so the two cannot disagree about which input feeds which output.
 *
 * <p>Tensors are row-major {@code [batch, C, H, W]} (a flat vector is {@code (n, 1, 1)}), the layout of
 * {@link FeatureShape}.
 */
final class ReferenceLayers {
    private ReferenceLayers() {
    }

    /** Receives one multiply-add {@code out[outIndex] += weight[weightIndex] * in[inIndex]} of a convolution. */
    @FunctionalInterface
    interface Tap {
        void accept(int outIndex, int weightIndex, int inIndex);
    }

    /** Receives one pooling window: the output index and the input indices in row-major window order. */
    @FunctionalInterface
    interface Window {
        void accept(int outIndex, int[] inIndices);
    }

    /**
     * @return the index of {@code (b, c, y, x)} in a row-major {@code [batch, C, H, W]} tensor of that shape
     */
    static int at(FeatureShape shape, int b, int c, int y, int x) {
        return ((b * shape.channels() + c) * shape.height() + y) * shape.width() + x;
    }

    /** {@code y = W (c x) + b}, {@code c} the layer's input multiplier. */
    static double[] dense(double[] x, int batch, DenseLayer d, double[] w, double[] bias) {
        double c = d.inputMultiplier();
        double[] y = new double[batch * d.outputs()];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < d.outputs(); o++) {
                double sum = bias[o];
                for (int i = 0; i < d.inputs(); i++) {
                    sum += c * x[b * d.inputs() + i] * w[o * d.inputs() + i];
                }
                y[b * d.outputs() + o] = sum;
            }
        }
        return y;
    }

    /**
     * Accumulates the weight and bias gradients ({@code dW = dy^T (c x)}, {@code db = sum dy}) and returns the
     * gradient of the layer's input ({@code c dy W}).
     */
    static double[] denseBackward(double[] x, double[] dy, int batch, DenseLayer d, double[] w, double[] gw,
                                  double[] gb) {
        double c = d.inputMultiplier();
        double[] dx = new double[batch * d.inputs()];
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < d.outputs(); o++) {
                double g = dy[b * d.outputs() + o];
                gb[o] += g;
                for (int i = 0; i < d.inputs(); i++) {
                    gw[o * d.inputs() + i] += g * c * x[b * d.inputs() + i];
                    dx[b * d.inputs() + i] += c * g * w[o * d.inputs() + i];
                }
            }
        }
        return dx;
    }

    /**
     * Enumerates every multiply-add of a convolution straight from its definition: output {@code (o, i, j)}
     * reads input channel {@code c} of its group at {@code (i*stride + u - padding, j*stride + v - padding)}
     * with weight {@code [o, c - c0, u, v]}; taps that fall into the zero padding are skipped.
     */
    static void convolutionTaps(int batch, FeatureShape in, FeatureShape out, Conv2dLayer conv, Tap tap) {
        int inPerGroup = conv.inChannels() / conv.groups();
        int outPerGroup = conv.outChannels() / conv.groups();
        int k = conv.kernel();
        for (int b = 0; b < batch; b++) {
            for (int o = 0; o < conv.outChannels(); o++) {
                int firstChannel = o / outPerGroup * inPerGroup;
                for (int i = 0; i < out.height(); i++) {
                    for (int j = 0; j < out.width(); j++) {
                        int outIndex = at(out, b, o, i, j);
                        for (int ci = 0; ci < inPerGroup; ci++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int y = i * conv.stride() + u - conv.padding();
                                    int x = j * conv.stride() + v - conv.padding();
                                    if (y >= 0 && y < in.height() && x >= 0 && x < in.width()) {
                                        tap.accept(outIndex, ((o * inPerGroup + ci) * k + u) * k + v,
                                                at(in, b, firstChannel + ci, y, x));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static double[] convolution(double[] x, int batch, FeatureShape in, FeatureShape out, Conv2dLayer conv,
                                double[] w, double[] bias) {
        double[] y = new double[batch * out.size()];
        int area = out.height() * out.width();
        for (int k = 0; k < y.length; k++) {
            y[k] = bias[k / area % conv.outChannels()];
        }
        convolutionTaps(batch, in, out, conv, (o, wi, xi) -> y[o] += w[wi] * x[xi]);
        return y;
    }

    /** Accumulates the kernel and bias gradients and returns the gradient of the layer's input. */
    static double[] convolutionBackward(double[] x, double[] dy, int batch, FeatureShape in, FeatureShape out,
                                        Conv2dLayer conv, double[] w, double[] gw, double[] gb) {
        double[] dx = new double[batch * in.size()];
        int area = out.height() * out.width();
        for (int k = 0; k < dy.length; k++) {
            gb[k / area % conv.outChannels()] += dy[k];
        }
        convolutionTaps(batch, in, out, conv, (o, wi, xi) -> {
            gw[wi] += dy[o] * x[xi];
            dx[xi] += dy[o] * w[wi];
        });
        return dx;
    }

    /** Enumerates the {@code kernel x kernel} window of every output of a pooling layer (no padding). */
    static void poolWindows(int batch, FeatureShape in, FeatureShape out, int kernel, int stride, Window window) {
        int[] indices = new int[kernel * kernel];
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < in.channels(); c++) {
                for (int i = 0; i < out.height(); i++) {
                    for (int j = 0; j < out.width(); j++) {
                        for (int u = 0; u < kernel; u++) {
                            for (int v = 0; v < kernel; v++) {
                                indices[u * kernel + v] = at(in, b, c, i * stride + u, j * stride + v);
                            }
                        }
                        window.accept(at(out, b, c, i, j), indices);
                    }
                }
            }
        }
    }

    /**
     * Max pooling; {@code argmax} receives, per output, the input index of the first largest value of its window
     * in row-major order (PyTorch's CPU kernel: a later value must be strictly larger to win).
     */
    static double[] maxPool(double[] x, int batch, FeatureShape in, FeatureShape out, MaxPool2dLayer pool,
                            int[] argmax) {
        double[] y = new double[batch * out.size()];
        poolWindows(batch, in, out, pool.kernel(), pool.stride(), (o, window) -> {
            int best = window[0];
            for (int index : window) {
                if (x[index] > x[best]) {
                    best = index;
                }
            }
            argmax[o] = best;
            y[o] = x[best];
        });
        return y;
    }

    static double[] maxPoolBackward(double[] dy, int[] argmax, int inputLength) {
        double[] dx = new double[inputLength];
        for (int o = 0; o < dy.length; o++) {
            dx[argmax[o]] += dy[o];
        }
        return dx;
    }

    static double[] avgPool(double[] x, int batch, FeatureShape in, FeatureShape out, AvgPool2dLayer pool) {
        double[] y = new double[batch * out.size()];
        poolWindows(batch, in, out, pool.kernel(), pool.stride(), (o, window) -> {
            double sum = 0;
            for (int index : window) {
                sum += x[index];
            }
            y[o] = sum / window.length;
        });
        return y;
    }

    static double[] avgPoolBackward(double[] dy, int batch, FeatureShape in, FeatureShape out, AvgPool2dLayer pool) {
        double[] dx = new double[batch * in.size()];
        poolWindows(batch, in, out, pool.kernel(), pool.stride(), (o, window) -> {
            for (int index : window) {
                dx[index] += dy[o] / window.length;
            }
        });
        return dx;
    }

    /**
     * @param logits    row-major {@code [batchSize, classes]}
     * @param labels    class indices
     * @param batchSize number of samples
     * @param classes   number of classes
     * @return the sum over the batch of the softmax cross-entropy
     */
    static double lossSum(double[] logits, int[] labels, int batchSize, int classes) {
        double sum = 0;
        for (int b = 0; b < batchSize; b++) {
            sum += logSumExp(logits, b * classes, classes) - logits[b * classes + labels[b]];
        }
        return sum;
    }

    /** @return {@code log(sum exp(z[from .. from + count)))}, computed without overflow */
    static double logSumExp(double[] z, int from, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            max = Math.max(max, z[from + c]);
        }
        double sum = 0;
        for (int c = 0; c < count; c++) {
            sum += Math.exp(z[from + c] - max);
        }
        return max + Math.log(sum);
    }

    /** @return a dropout mask that keeps every element */
    static boolean[] allKept(int length) {
        boolean[] kept = new boolean[length];
        Arrays.fill(kept, true);
        return kept;
    }

    /** @return the parameters in double precision, by path in network order */
    static Map<String, double[]> toDoubles(ParameterSet parameters) {
        Map<String, double[]> doubles = new LinkedHashMap<>();
        for (String path : parameters.paths()) {
            float[] values = parameters.values(path);
            double[] copy = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                copy[i] = values[i];
            }
            doubles.put(path, copy);
        }
        return doubles;
    }

    /**
     * Central finite differences {@code (L(p + h) - L(p - h)) / 2h} of a loss for every scalar parameter, each
     * parameter moved in place and restored.
     *
     * @return the estimated gradients by path
     */
    static Map<String, double[]> centralDifferences(Map<String, double[]> parameters, double h, DoubleSupplier loss) {
        Map<String, double[]> estimates = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> entry : parameters.entrySet()) {
            double[] values = entry.getValue();
            double[] estimate = new double[values.length];
            for (int k = 0; k < values.length; k++) {
                double saved = values[k];
                values[k] = saved + h;
                double plus = loss.getAsDouble();
                values[k] = saved - h;
                double minus = loss.getAsDouble();
                values[k] = saved;
                estimate[k] = (plus - minus) / (2 * h);
            }
            estimates.put(entry.getKey(), estimate);
        }
        return estimates;
    }

    /** @return {@code f(x)} element-wise, from {@link Activation#apply} */
    static double[] activate(Activation activation, double[] x) {
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = activation.apply(x[k]);
        }
        return y;
    }

    /** @return {@code dy * f'(x)} element-wise, from {@link Activation#derivative} with the stored {@code y} */
    static double[] activationBackward(Activation activation, double[] x, double[] y, double[] dy) {
        double[] dx = new double[dy.length];
        for (int k = 0; k < dy.length; k++) {
            dx[k] = dy[k] * activation.derivative(x[k], y[k]);
        }
        return dx;
    }
}
