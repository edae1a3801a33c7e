package org.initlab.testkit.backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.Network;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.SeededRandom;

/**
 * A training session of the {@link ReferenceBackend}: the {@link ReferenceNetwork} computes in double
 * precision, the {@link ReferenceOptimizer} updates. Values cross the API as float, as a float backend's would:
 * parameters are rounded to float after every update and losses are computed from float-rounded logits (so
 * that a diverging run overflows as it does on a float backend). Dropout keeps each value when a draw of a
 * {@link SeededRandom} forked from the session seed is at least {@code p}; one training step or gradient
 * computation draws its masks once. {@link #gradients} leaves the running statistics alone ("without updating
 * anything"); {@link #trainStep} updates them.
 */
final class ReferenceSession implements TrainingSession {
    private final ReferenceBackend backend;
    private final Network network;
    private final int maxBatchSize;
    private final int classes;
    private final ReferenceOptimizer optimizer;
    private final ReferenceNetwork state;
    private final SeededRandom dropout;
    private boolean closed;

    ReferenceSession(ReferenceBackend backend, Network network, ParameterSet initial, ReferenceOptimizer optimizer,
                     int maxBatchSize, long seed) {
        this.backend = backend;
        this.network = network;
        this.maxBatchSize = maxBatchSize;
        this.classes = network.outputWidth();
        this.optimizer = optimizer;
        this.state = new ReferenceNetwork(network, initial);
        this.dropout = SeededRandom.of(seed).fork("dropout");
    }

    @Override
    public double trainStep(float[] inputs, int[] labels, int batchSize) {
        check(inputs, labels, batchSize);
        drawMasks();
        double loss = lossSum(toFloat(state.trainingLogits(inputs, batchSize)), labels, batchSize) / batchSize;
        Map<String, double[]> gradients = state.gradients(inputs, labels, batchSize);
        state.updateRunningStatistics(inputs, batchSize);
        optimizer.step(gradients);
        optimizer.parameters().forEach((path, values) -> {
            double[] live = state.parameter(path);
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) values[k];
                live[k] = values[k];
            }
        });
        return loss;
    }

    @Override
    public ParameterSet gradients(float[] inputs, int[] labels, int batchSize) {
        check(inputs, labels, batchSize);
        drawMasks();
        Map<String, double[]> gradients = state.gradients(inputs, labels, batchSize);
        return toParameterSet(gradients);
    }

    @Override
    public void forward(float[] inputs, int batchSize, float[] logits) {
        check(inputs, null, batchSize);
        if (logits.length < batchSize * classes) {
            throw new IllegalArgumentException("logits need " + batchSize * classes + " values, got " + logits.length);
        }
        double[] z = state.logits(inputs, batchSize);
        for (int k = 0; k < z.length; k++) {
            logits[k] = (float) z[k];
        }
    }

    @Override
    public BatchEvaluation evaluate(float[] inputs, int[] labels, int batchSize) {
        check(inputs, labels, batchSize);
        double[] z = toFloat(state.logits(inputs, batchSize));
        int correct = 0;
        for (int b = 0; b < batchSize; b++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[b * classes + c] > z[b * classes + best]) {
                    best = c;
                }
            }
            correct += best == labels[b] ? 1 : 0;
        }
        return new BatchEvaluation(lossSum(z, labels, batchSize), correct, batchSize);
    }

    @Override
    public ParameterSet parameters() {
        checkOpen();
        return toParameterSet(optimizer.parameters());
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Makes the next computation draw fresh masks, once per dropout layer. */
    private void drawMasks() {
        Map<Integer, boolean[]> drawn = new HashMap<>();
        state.useDropoutMasks((layer, length) -> drawn.computeIfAbsent(layer, l -> {
            double p = ((DropoutLayer) network.layers().get(l)).probability();
            boolean[] kept = new boolean[length];
            for (int k = 0; k < length; k++) {
                kept[k] = dropout.nextDouble() >= p;
            }
            return kept;
        }));
    }

    private double lossSum(double[] logits, int[] labels, int batchSize) {
        return ReferenceLayers.lossSum(logits, labels, batchSize, classes);
    }

    private static double[] toFloat(double[] values) {
        double[] rounded = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            rounded[k] = (float) values[k];
        }
        return rounded;
    }

    private ParameterSet toParameterSet(Map<String, double[]> values) {
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterSpec spec : network.parameters()) {
            double[] source = values.get(spec.path());
            float[] copy = new float[source.length];
            for (int k = 0; k < copy.length; k++) {
                copy[k] = (float) source[k];
            }
            tensors.add(new ParameterTensor(spec, copy));
        }
        return new ParameterSet(tensors);
    }

    private void check(float[] inputs, int[] labels, int batchSize) {
        checkOpen();
        if (batchSize < 1 || batchSize > maxBatchSize) {
            throw new IllegalArgumentException("batch size must be in [1, " + maxBatchSize + "], got " + batchSize);
        }
        if (inputs.length < batchSize * network.inputWidth()) {
            throw new IllegalArgumentException("inputs need " + batchSize * network.inputWidth() + " values, got "
                    + inputs.length);
        }
        if (labels != null) {
            if (labels.length < batchSize) {
                throw new IllegalArgumentException("labels need " + batchSize + " values, got " + labels.length);
            }
            for (int b = 0; b < batchSize; b++) {
                if (labels[b] < 0 || labels[b] >= classes) {
                    throw new IllegalArgumentException("label " + labels[b] + " of sample " + b + " is outside [0, "
                            + classes + ")");
                }
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the session is closed");
        }
        backend.checkOpen();
    }
}
