package org.initlab.testkit.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.initlab.testkit.backend.ReferenceNormalization.BatchStatistics;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;

/**
 * A deliberately plain double-precision implementation of a {@link Network}: the forward pass, the mean
 * softmax cross-entropy, analytic backpropagation and central finite differences, for every layer kind. It is
 * the yardstick of the {@link BackendCompatibilityKit}: slow, obvious and written straight from the layers'
 * Javadoc (the per-module dispatch is {@link ReferenceModules}, the passes are in {@link ReferenceLayers},
 * {@link ReferenceNormalization}, {@link ReferenceFeatureLayers} and {@link ReferenceResidual}), with the
 * activations taken from {@link org.initlab.core.model.Activation#apply} and
 * {@link org.initlab.core.model.Activation#derivative}.
 *
 * <p>Modes, as a {@link org.initlab.core.backend.TrainingSession}'s: {@link #logits} and {@link #evaluate}
 * run in evaluation mode (batch normalization with the running statistics, dropout is the identity);
 * {@link #trainingLogits}, {@link #meanLoss}, {@link #gradients} and {@link #finiteDifferences} run in
 * training mode (batch statistics; dropout with the masks of {@link #useDropoutMasks}) and change no state,
 * so that the loss is a pure function of the parameters and finite differences work. The running statistics
 * change only in {@link #updateRunningStatistics}, the side effect of a training step.
 *
 * <p>Parameters live in double arrays in PyTorch layout (a dense weight is {@code [outputs, inputs]}, a
 * kernel {@code [out, in / groups, k, k]}, row major) under their paths; {@link #parameter(String)} exposes
 * them for perturbation.
 */
public final class ReferenceNetwork {
    private final Network network;
    private final List<FeatureShape> shapes;
    private final Map<String, double[]> parameters = new LinkedHashMap<>();
    /** Every batch normalization by module path ({@code 4}, or {@code 3.shortcut.1} inside a block). */
    private final Map<String, BatchNormLayer> batchNorms = new LinkedHashMap<>();
    private final Map<String, double[]> runningMeans = new LinkedHashMap<>();
    private final Map<String, double[]> runningVariances = new LinkedHashMap<>();
    private DropoutMasks masks = DropoutMasks.UNPREDICTABLE;

    /**
     * @param network    the network
     * @param parameters its parameters (converted to double; later changes do not affect this reference)
     */
    public ReferenceNetwork(Network network, ParameterSet parameters) {
        this(network, ReferenceLayers.toDoubles(parameters));
    }

    /**
     * @param network    the network
     * @param parameters its parameters by path in PyTorch layout (copied)
     */
    public ReferenceNetwork(Network network, Map<String, double[]> parameters) {
        this.network = network;
        this.shapes = network.shapes();
        parameters.forEach((path, values) -> this.parameters.put(path, values.clone()));
        for (int l = 0; l < network.layers().size(); l++) {
            Layer layer = network.layers().get(l);
            if (layer instanceof ResidualBlock block) {
                for (int j = 0; j < block.branch().size(); j++) {
                    addBatchNorm(l + ".branch." + j, block.branch().get(j));
                }
                for (int j = 0; j < block.shortcut().size(); j++) {
                    addBatchNorm(l + ".shortcut." + j, block.shortcut().get(j));
                }
            } else {
                addBatchNorm(String.valueOf(l), layer);
            }
        }
    }

    private void addBatchNorm(String path, Layer layer) {
        if (layer instanceof BatchNormLayer bn) {
            batchNorms.put(path, bn);
            runningMeans.put(path, new double[bn.features()]);
            double[] variance = new double[bn.features()];
            Arrays.fill(variance, 1);
            runningVariances.put(path, variance);
        }
    }

    /**
     * @param newParameters parameters of the same network
     * @return a reference with these parameters and a copy of this one's running statistics and masks
     */
    public ReferenceNetwork withParameters(ParameterSet newParameters) {
        ReferenceNetwork copy = new ReferenceNetwork(network, newParameters);
        runningMeans.forEach((path, values) -> copy.runningMeans.put(path, values.clone()));
        runningVariances.forEach((path, values) -> copy.runningVariances.put(path, values.clone()));
        copy.masks = masks;
        return copy;
    }

    /**
     * @param dropoutMasks the keep decisions of training-mode dropout
     * @return this reference
     */
    public ReferenceNetwork useDropoutMasks(DropoutMasks dropoutMasks) {
        this.masks = dropoutMasks;
        return this;
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

    /** @return the live parameters by path, in network order */
    public Map<String, double[]> parameters() {
        return parameters;
    }

    /**
     * @param layer the index of a batch normalization layer
     * @return its live running mean
     */
    public double[] runningMean(int layer) {
        return runningMean(String.valueOf(layer));
    }

    /**
     * @param layer the index of a batch normalization layer
     * @return its live running variance
     */
    public double[] runningVariance(int layer) {
        return runningVariance(String.valueOf(layer));
    }

    /**
     * @param path the module path of a batch normalization layer: its index, or {@code 3.branch.1} inside
     *             residual block 3
     * @return its live running mean
     */
    public double[] runningMean(String path) {
        return running(runningMeans, path);
    }

    /**
     * @param path the module path of a batch normalization layer
     * @return its live running variance
     */
    public double[] runningVariance(String path) {
        return running(runningVariances, path);
    }

    private static double[] running(Map<String, double[]> statistics, String path) {
        double[] values = statistics.get(path);
        if (values == null) {
            throw new IllegalArgumentException("module " + path + " is not a batch normalization layer (have "
                    + statistics.keySet() + ")");
        }
        return values;
    }

    /** @return the keep decisions of training-mode dropout */
    DropoutMasks dropoutMasks() {
        return masks;
    }

    /**
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param batchSize number of samples
     * @return the evaluation-mode logits, row-major {@code [batchSize, classes]}
     */
    public double[] logits(float[] inputs, int batchSize) {
        return forward(inputs, batchSize, false).output();
    }

    /**
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param batchSize number of samples
     * @return the training-mode logits, row-major {@code [batchSize, classes]}
     */
    public double[] trainingLogits(float[] inputs, int batchSize) {
        return forward(inputs, batchSize, true).output();
    }

    /**
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param labels    class indices
     * @param batchSize number of samples
     * @return the training-mode mean softmax cross-entropy (what {@code trainStep} reports and differentiates)
     */
    public double meanLoss(float[] inputs, int[] labels, int batchSize) {
        return ReferenceLayers.lossSum(trainingLogits(inputs, batchSize), labels, batchSize, network.outputWidth()) / batchSize;
    }

    /**
     * Evaluation-mode loss sum and accuracy, with the number of samples whose two largest logits are so close
     * (within {@code 1e-4} relative) that a float backend may legitimately pick the other one.
     *
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param labels    class indices
     * @param batchSize number of samples
     * @return the evaluation
     */
    public ReferenceEvaluation evaluate(float[] inputs, int[] labels, int batchSize) {
        double[] z = logits(inputs, batchSize);
        int classes = network.outputWidth();
        int correct = 0;
        int ambiguous = 0;
        for (int b = 0; b < batchSize; b++) {
            int row = b * classes;
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
        return new ReferenceEvaluation(ReferenceLayers.lossSum(z, labels, batchSize, classes), correct, ambiguous);
    }

    /**
     * Analytic gradients of the training-mode mean loss by backpropagation.
     *
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param labels    class indices
     * @param batchSize number of samples
     * @return the gradient of every parameter, by path in network order, PyTorch layout
     */
    public Map<String, double[]> gradients(float[] inputs, int[] labels, int batchSize) {
        Pass pass = forward(inputs, batchSize, true);
        int classes = network.outputWidth();
        double[] z = pass.output();
        double[] delta = new double[batchSize * classes];
        for (int b = 0; b < batchSize; b++) {
            int row = b * classes;
            double lse = ReferenceLayers.logSumExp(z, row, classes);
            for (int c = 0; c < classes; c++) {
                delta[row + c] = (Math.exp(z[row + c] - lse) - (c == labels[b] ? 1 : 0)) / batchSize;
            }
        }
        Map<String, double[]> gradients = new LinkedHashMap<>();
        parameters.forEach((path, values) -> gradients.put(path, new double[values.length]));
        List<Layer> layers = network.layers();
        for (int l = layers.size() - 1; l >= 0; l--) {
            delta = ReferenceModules.backward(this, layers.get(l), String.valueOf(l), pass.values().get(l),
                    pass.values().get(l + 1), delta, batchSize, shapes.get(l), shapes.get(l + 1), pass.memo(),
                    gradients);
        }
        return gradients;
    }

    /**
     * Central finite differences of the training-mode mean loss for every scalar parameter (dropout masks must repeat).
     *
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param labels    class indices
     * @param batchSize number of samples
     * @param h         the step
     * @return the estimated gradients by path, PyTorch layout
     */
    public Map<String, double[]> finiteDifferences(float[] inputs, int[] labels, int batchSize, double h) {
        return ReferenceLayers.centralDifferences(parameters, h, () -> meanLoss(inputs, labels, batchSize));
    }

    /**
     * Runs a training-mode forward pass and updates every batch normalization's running statistics from its
     * batch statistics, as a backend's training step does.
     *
     * @param inputs    row-major {@code [batchSize, inputWidth]}
     * @param batchSize number of samples
     */
    public void updateRunningStatistics(float[] inputs, int batchSize) {
        Pass pass = forward(inputs, batchSize, true);
        batchNorms.forEach((path, bn) -> ReferenceNormalization.updateRunning(bn,
                (BatchStatistics) pass.memo().get(path), runningMeans.get(path), runningVariances.get(path)));
    }

    /** The input of every layer followed by the logits, and what each layer remembers for backpropagation. */
    private record Pass(List<double[]> values, Map<String, Object> memo) {
        double[] output() {
            return values.get(values.size() - 1);
        }
    }

    private Pass forward(float[] inputs, int batchSize, boolean training) {
        List<double[]> values = new ArrayList<>();
        List<Layer> layers = network.layers();
        Map<String, Object> memo = new HashMap<>();
        double[] x = new double[batchSize * network.inputWidth()];
        for (int k = 0; k < x.length; k++) {
            x[k] = inputs[k];
        }
        values.add(x);
        for (int l = 0; l < layers.size(); l++) {
            x = ReferenceModules.forward(this, layers.get(l), String.valueOf(l), x, batchSize, shapes.get(l),
                    shapes.get(l + 1), training, memo);
            values.add(x);
        }
        return new Pass(values, memo);
    }
}
