package org.initlab.core.backend.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;

/**
 * A deliberately plain double-precision implementation of a {@link Network}: the forward pass, the mean
 * softmax cross-entropy, analytic backpropagation and central finite differences. It is the yardstick of the
 * {@link BackendCompatibilityKit}: slow, obvious and written straight from the definitions, with the
 * activations taken from {@link org.initlab.core.model.Activation#apply} and
 * {@link org.initlab.core.model.Activation#derivative}.
 *
 * <p>Parameters live in double arrays in PyTorch layout (a dense weight is {@code [outputs, inputs]}, row
 * major) under their paths; {@link #parameter(String)} exposes them for perturbation.
 */
public final class ReferenceNetwork {
    private final Network network;
    private final Map<String, double[]> parameters = new LinkedHashMap<>();

    /**
     * @param network    the network
     * @param parameters its parameters (converted to double; later changes do not affect this reference)
     */
    public ReferenceNetwork(Network network, ParameterSet parameters) {
        this.network = network;
        for (String path : parameters.paths()) {
            float[] values = parameters.values(path);
            double[] copy = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                copy[i] = values[i];
            }
            this.parameters.put(path, copy);
        }
    }

    /**
     * @param network    the network
     * @param parameters its parameters by path in PyTorch layout (copied)
     */
    public ReferenceNetwork(Network network, Map<String, double[]> parameters) {
        this.network = network;
        parameters.forEach((path, values) -> this.parameters.put(path, values.clone()));
    }

    /**
     * @param path a parameter path such as {@code 0.weight}
     * @return the live values of that parameter (changes affect later computations)
     */
    public double[] parameter(String path) {
        double[] values = parameters.get(path);
        if (values == null) {
            throw new IllegalArgumentException("no parameter '" + path + "' (have " + parameters.keySet() + ")");
        }
        return values;
    }

    /**
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param batchSize number of samples
     * @return the logits, row-major {@code [batchSize, classes]}
     */
    public double[] logits(float[] inputs, int batchSize) {
        List<double[]> activations = forwardAll(inputs, batchSize);
        return activations.get(activations.size() - 1);
    }

    /**
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param labels    class indices
     * @param batchSize number of samples
     * @return the mean softmax cross-entropy
     */
    public double meanLoss(float[] inputs, int[] labels, int batchSize) {
        return evaluate(inputs, labels, batchSize).lossSum() / batchSize;
    }

    /**
     * Loss sum and accuracy, with the number of samples whose two largest logits are so close (within
     * {@code 1e-4} relative) that a float backend may legitimately pick the other one.
     *
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param labels    class indices
     * @param batchSize number of samples
     * @return the evaluation
     */
    public Evaluation evaluate(float[] inputs, int[] labels, int batchSize) {
        double[] z = logits(inputs, batchSize);
        int classes = network.outputWidth();
        double lossSum = 0;
        int correct = 0;
        int ambiguous = 0;
        for (int b = 0; b < batchSize; b++) {
            int row = b * classes;
            lossSum += logSumExp(z, row, classes) - z[row + labels[b]];
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[row + c] > z[row + best]) {
                    best = c;
                }
            }
            if (best == labels[b]) {
                correct++;
            }
            for (int c = 0; c < classes; c++) {
                double gap = z[row + best] - z[row + c];
                if (c != best && gap <= 1e-4 * Math.max(1, Math.abs(z[row + best]))) {
                    ambiguous++;
                    break;
                }
            }
        }
        return new Evaluation(lossSum, correct, ambiguous);
    }

    /**
     * Analytic gradients of the mean loss by backpropagation.
     *
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param labels    class indices
     * @param batchSize number of samples
     * @return the gradient of every parameter, by path in network order, PyTorch layout
     */
    public Map<String, double[]> gradients(float[] inputs, int[] labels, int batchSize) {
        List<double[]> activations = forwardAll(inputs, batchSize);
        int classes = network.outputWidth();
        double[] z = activations.get(activations.size() - 1);
        double[] delta = new double[batchSize * classes];
        for (int b = 0; b < batchSize; b++) {
            int row = b * classes;
            double lse = logSumExp(z, row, classes);
            for (int c = 0; c < classes; c++) {
                delta[row + c] = (Math.exp(z[row + c] - lse) - (c == labels[b] ? 1 : 0)) / batchSize;
            }
        }
        Map<String, double[]> gradients = new LinkedHashMap<>();
        parameters.forEach((path, values) -> gradients.put(path, new double[values.length]));
        List<Layer> layers = network.layers();
        for (int l = layers.size() - 1; l >= 0; l--) {
            double[] in = activations.get(l);
            double[] out = activations.get(l + 1);
            Layer layer = layers.get(l);
            if (layer instanceof DenseLayer d) {
                double[] w = parameter(l + ".weight");
                double[] gw = gradients.get(l + ".weight");
                double[] gb = gradients.get(l + ".bias");
                double[] previous = new double[batchSize * d.inputs()];
                for (int b = 0; b < batchSize; b++) {
                    for (int o = 0; o < d.outputs(); o++) {
                        double g = delta[b * d.outputs() + o];
                        gb[o] += g;
                        for (int i = 0; i < d.inputs(); i++) {
                            gw[o * d.inputs() + i] += g * in[b * d.inputs() + i];
                            previous[b * d.inputs() + i] += g * w[o * d.inputs() + i];
                        }
                    }
                }
                delta = previous;
            } else if (layer instanceof ActivationLayer a) {
                double[] previous = new double[delta.length];
                for (int k = 0; k < delta.length; k++) {
                    previous[k] = delta[k] * a.activation().derivative(in[k], out[k]);
                }
                delta = previous;
            }
        }
        return gradients;
    }

    /**
     * Central finite differences {@code (L(p + h) - L(p - h)) / 2h} of the mean loss for every scalar
     * parameter.
     *
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param labels    class indices
     * @param batchSize number of samples
     * @param h         the step
     * @return the estimated gradients by path, PyTorch layout
     */
    public Map<String, double[]> finiteDifferences(float[] inputs, int[] labels, int batchSize, double h) {
        Map<String, double[]> estimates = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> entry : parameters.entrySet()) {
            double[] values = entry.getValue();
            double[] estimate = new double[values.length];
            for (int k = 0; k < values.length; k++) {
                double saved = values[k];
                values[k] = saved + h;
                double plus = meanLoss(inputs, labels, batchSize);
                values[k] = saved - h;
                double minus = meanLoss(inputs, labels, batchSize);
                values[k] = saved;
                estimate[k] = (plus - minus) / (2 * h);
            }
            estimates.put(entry.getKey(), estimate);
        }
        return estimates;
    }

    /** @return the input of every layer followed by the network's output (the logits) */
    private List<double[]> forwardAll(float[] inputs, int batchSize) {
        List<double[]> activations = new ArrayList<>();
        double[] x = new double[batchSize * network.inputWidth()];
        for (int k = 0; k < x.length; k++) {
            x[k] = inputs[k];
        }
        activations.add(x);
        List<Layer> layers = network.layers();
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
            double[] y;
            if (layer instanceof DenseLayer d) {
                double[] w = parameter(l + ".weight");
                double[] bias = parameter(l + ".bias");
                y = new double[batchSize * d.outputs()];
                for (int b = 0; b < batchSize; b++) {
                    for (int o = 0; o < d.outputs(); o++) {
                        double sum = bias[o];
                        for (int i = 0; i < d.inputs(); i++) {
                            sum += x[b * d.inputs() + i] * w[o * d.inputs() + i];
                        }
                        y[b * d.outputs() + o] = sum;
                    }
                }
            } else {
                ActivationLayer a = (ActivationLayer) layer;
                y = new double[x.length];
                for (int k = 0; k < x.length; k++) {
                    y[k] = a.activation().apply(x[k]);
                }
            }
            activations.add(y);
            x = y;
        }
        return activations;
    }

    private static double logSumExp(double[] z, int from, int count) {
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

    /**
     * The reference's evaluation of one batch.
     *
     * @param lossSum   sum of the per-sample cross-entropy
     * @param correct   samples whose arg-max logit is the label
     * @param ambiguous samples whose two largest logits nearly tie, so float rounding may change the arg-max
     */
    public record Evaluation(double lossSum, int correct, int ambiguous) {
    }
}
