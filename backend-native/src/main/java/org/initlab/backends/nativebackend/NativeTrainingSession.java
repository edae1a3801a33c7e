package org.initlab.backends.nativebackend;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.SessionChecks;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;
import org.initlab.spi.ParameterSpec;

/**
 * A network's parameters, gradients, optimizer state and activation buffers on the pure-Java backend, all
 * allocated in the constructor; {@link #trainStep} and {@link #forward} allocate nothing, {@link #evaluate}
 * only its result.
 *
 * <p>Each layer is a {@link NativeLayer} between two {@link Boundary} buffers ({@code boundaries[l]} is the
 * input of layer {@code l}); boundaries after the first layer with parameters also keep the gradient of the
 * loss. Flat boundaries are {@code [batch][width]} rows, spatial ones {@code [channels][batch * H * W]}.
 *
 * <p>Each step is a fixed sequence of parallel phases (the layers' forward phases, their backward phases in
 * reverse, the update, the refresh of transposed weights; some layers run inside their neighbours' passes:
 * {@link NativeFusion}) in which every output element is computed by
 * exactly one worker in a fixed order; the softmax cross-entropy runs on the calling thread. Results are
 * therefore bit-identical for a given input and seed whatever the number of threads.
 */
final class NativeTrainingSession implements TrainingSession {
    private static final int FORWARD = 0;
    private static final int BACKWARD = 1;
    private static final int UPDATE = 2;
    private static final int REFRESH = 3;
    private static final int FORWARD_FUSED = 4;
    private static final int BACKWARD_FUSED = 5;

    private final WorkerPool pool;
    private final WorkerPool.Task task = this::runShare;
    private final Network network;
    private final List<ParameterSpec> specs;
    private final int layerCount;
    private final int maxBatchSize;
    private final int classes;
    private final int firstWithParameters;
    private final Boundary[] boundaries;
    private final NativeLayer[] layers;
    /** {@code fused[l]}: layer {@code l} is an activation that the pooling layer {@code l + 1} runs with itself. */
    private final boolean[] fused;
    private final ParameterUpdate update;
    private final SessionChecks checks;
    private boolean closed;
    private int correct;
    private int op;
    private int layer;
    private int phase;
    private int batch;
    private boolean training;

    NativeTrainingSession(WorkerPool pool, Network network, ParameterSet initial, OptimizerSpec optimizer,
                          ParameterGroups groups, int maxBatchSize, long seed) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
        }
        this.pool = pool;
        this.network = network;
        this.specs = network.parameters();
        List<ParameterGroups.GroupScale> scales = groups.scalesFor(specs.stream().map(ParameterSpec::path).toList());
        this.maxBatchSize = maxBatchSize;
        this.checks = new SessionChecks(network, maxBatchSize);
        this.classes = network.outputWidth();
        List<Layer> networkLayers = network.layers();
        List<FeatureShape> shapes = network.shapes();
        layerCount = networkLayers.size();
        int first = -1;
        for (int l = 0; l < layerCount && first < 0; l++) {
            if (!networkLayers.get(l).parameters(l, network.nonlinearityAfter(l)).isEmpty()) {
                first = l;
            }
        }
        firstWithParameters = first;
        boundaries = new Boundary[layerCount + 1];
        for (int l = 0; l <= layerCount; l++) {
            boundaries[l] = new Boundary(shapes.get(l), maxBatchSize);
            if (first >= 0 && l > first) {
                boundaries[l].needGradients(maxBatchSize);
            }
        }
        layers = new NativeLayer[layerCount];
        List<float[]> parameterRows = new ArrayList<>();
        List<float[]> gradientRows = new ArrayList<>();
        for (int l = 0; l < layerCount; l++) {
            layers[l] = NativeLayers.create(networkLayers.get(l), String.valueOf(l), boundaries[l], boundaries[l + 1],
                    initial, seed, maxBatchSize);
            layers[l].rows(parameterRows, gradientRows);
        }
        fused = NativeFusion.fuse(layers, true);
        update = new ParameterUpdate(optimizer, specs, scales, parameterRows.toArray(new float[0][]),
                gradientRows.toArray(new float[0][]));
    }

    @Override
    public double trainStep(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        forwardPass(inputs, batchSize, NativeLayer.Mode.TRAINING);
        double loss = softmaxCrossEntropy(labels, batchSize, true) / batchSize;
        backwardPass(batchSize);
        update.begin();
        run(UPDATE, 0, 0);
        run(REFRESH, 0, 0);
        return loss;
    }

    @Override
    public ParameterSet gradients(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        forwardPass(inputs, batchSize, NativeLayer.Mode.TRAINING);
        softmaxCrossEntropy(labels, batchSize, true);
        backwardPass(batchSize);
        return export(true);
    }

    /**
     * The training-mode loss sum of a batch with the dropout masks of the last training pass, changing no
     * state (no running statistics, no new masks): what finite-difference tests of training-mode layers
     * differentiate.
     *
     * @param inputs    {@code [batchSize, inputWidth]}
     * @param labels    {@code [batchSize]}
     * @param batchSize the number of samples
     * @return the sum of the per-sample losses
     */
    double replayTrainingLoss(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        forwardPass(inputs, batchSize, NativeLayer.Mode.REPLAY);
        return softmaxCrossEntropy(labels, batchSize, false);
    }

    /** @return the phases of a forward and a backward pass, fused ones counted once (for tests) */
    int phases() {
        int phases = 0;
        for (int l = 0; l < layerCount; l++) {
            phases += fused[l] ? 0 : layers[l].forwardPhases() + layers[l].backwardPhases();
        }
        return phases;
    }

    /**
     * @param index a layer index
     * @return whether that layer runs within the next one's phases (for tests)
     */
    boolean runsWithNext(int index) {
        return fused[index];
    }

    /**
     * @param index a layer index
     * @return the session's implementation of that layer (for tests)
     */
    NativeLayer layer(int index) {
        return layers[index];
    }

    @Override
    public void forward(float[] inputs, int batchSize, float[] logits) {
        checkBatch(inputs, batchSize);
        if (logits.length < batchSize * classes) {
            throw new IllegalArgumentException("logits needs room for " + batchSize + " x " + classes
                    + " values, got " + logits.length);
        }
        forwardPass(inputs, batchSize, NativeLayer.Mode.EVALUATION);
        float[][] out = boundaries[layerCount].values;
        for (int b = 0; b < batchSize; b++) {
            System.arraycopy(out[b], 0, logits, b * classes, classes);
        }
    }

    @Override
    public BatchEvaluation evaluate(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        forwardPass(inputs, batchSize, NativeLayer.Mode.EVALUATION);
        double lossSum = softmaxCrossEntropy(labels, batchSize, false);
        return new BatchEvaluation(lossSum, correct, batchSize);
    }

    @Override
    public ParameterSet parameters() {
        checkOpen();
        return export(false);
    }

    /** Marks the session closed; its buffers are plain arrays that go with the session object. */
    @Override
    public void close() {
        closed = true;
    }

    private void forwardPass(float[] inputs, int batchSize, NativeLayer.Mode mode) {
        for (NativeLayer l : layers) {
            l.beforeForward(batchSize, mode);
        }
        boundaries[0].load(inputs, 0, batchSize);
        training = mode.training();
        for (int l = 0; l < layerCount; l++) {
            if (fused[l]) {
                run(FORWARD_FUSED, l, batchSize);
                l++;
                continue;
            }
            for (int p = 0, phases = layers[l].forwardPhases(); p < phases; p++) {
                run(FORWARD, l, p, batchSize);
            }
        }
    }

    private void backwardPass(int batchSize) {
        if (firstWithParameters < 0) {
            return;
        }
        for (int l = layerCount - 1; l >= firstWithParameters; l--) {
            if (l - 1 >= firstWithParameters && fused[l - 1]) {
                run(BACKWARD_FUSED, l, batchSize);
                l--;
                continue;
            }
            for (int p = 0, phases = layers[l].backwardPhases(); p < phases; p++) {
                run(BACKWARD, l, p, batchSize);
            }
        }
    }

    /**
     * Softmax cross-entropy of the logits, max-subtracted (in float, summed in double); optionally writes the
     * gradient of the mean loss, {@code (softmax - onehot) / batch}, into the last delta buffer. Sets
     * {@link #correct} to the number of samples whose first arg-max logit is the label.
     *
     * @return the loss sum, accumulated in double
     */
    private double softmaxCrossEntropy(int[] labels, int batchSize, boolean gradient) {
        float[][] logits = boundaries[layerCount].values;
        float[][] delta = boundaries[layerCount].gradients;
        double lossSum = 0;
        int hits = 0;
        for (int b = 0; b < batchSize; b++) {
            float[] z = logits[b];
            float max = z[0];
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (z[c] > max) {
                    max = z[c];
                    best = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[c] - max);
            }
            int label = labels[b];
            lossSum += max + Math.log(sum) - z[label];
            if (best == label) {
                hits++;
            }
            if (gradient && delta != null) {
                float[] d = delta[b];
                for (int c = 0; c < classes; c++) {
                    double p = Math.exp(z[c] - max) / sum;
                    d[c] = (float) ((c == label ? p - 1 : p) / batchSize);
                }
            }
        }
        correct = hits;
        return lossSum;
    }

    private void run(int operation, int layerIndex, int batchSize) {
        run(operation, layerIndex, 0, batchSize);
    }

    private void run(int operation, int layerIndex, int phaseIndex, int batchSize) {
        op = operation;
        layer = layerIndex;
        phase = phaseIndex;
        batch = batchSize;
        pool.execute(task);
    }

    private void runShare(int worker, int workers) {
        switch (op) {
            case FORWARD -> layers[layer].forward(phase, worker, workers, batch, training);
            case BACKWARD -> layers[layer].backward(phase, worker, workers, batch);
            case FORWARD_FUSED -> ((NativePool2d) layers[layer + 1]).forwardAfter((NativeActivation) layers[layer],
                    worker, workers, batch);
            case BACKWARD_FUSED -> ((NativePool2d) layers[layer]).backwardThen((NativeActivation) layers[layer - 1],
                    worker, workers, batch);
            case UPDATE -> update.apply(worker, workers);
            case REFRESH -> {
                for (NativeLayer l : layers) {
                    l.refresh(worker, workers);
                }
            }
            default -> throw new IllegalStateException("unknown operation " + op);
        }
    }

    private ParameterSet export(boolean gradients) {
        List<ParameterTensor> tensors = new ArrayList<>();
        Iterator<ParameterSpec> next = specs.iterator();
        for (NativeLayer l : layers) {
            l.export(next, gradients, tensors);
        }
        return new ParameterSet(tensors);
    }

    private void checkOpen() {
        checks.checkOpen(closed);
    }

    private void checkBatch(float[] inputs, int batchSize) {
        checkOpen();
        checks.checkBatch(inputs, batchSize);
    }

    private void checkLabels(int[] labels, int batchSize) {
        checks.checkLabels(labels, batchSize);
    }
}
