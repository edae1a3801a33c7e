package org.initlab.backends.purejava;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.spi.ParameterSpec;

/**
 * A network's parameters, gradients, optimizer state and activation buffers on the pure-Java backend, all
 * allocated in the constructor; {@link #trainStep} and {@link #forward} allocate nothing, {@link #evaluate}
 * only its result.
 *
 * <p>A dense weight is held transposed, as {@code wt[input][output]} rows, so that the forward product
 * {@code Y = X W^T + b} and the weight gradient {@code dW^T = X^T dY} are row updates over outputs; a layer
 * that must pass a gradient back also keeps {@code w[output][input]} rows, refreshed after every update, for
 * {@code dX = dY W}. Activations are {@code [batch][width]} rows, one buffer per layer boundary
 * ({@code acts[l]} is the input of layer {@code l}, {@code deltas[l]} the gradient of the loss with respect
 * to it).
 *
 * <p>Each step is a fixed sequence of parallel phases (one per layer forward, one per layer backward, the
 * update, the transposes) in which every output element is computed by exactly one worker in a fixed order;
 * the softmax cross-entropy runs on the calling thread. Results are therefore bit-identical for a given input
 * whatever the number of threads.
 */
final class PureJavaTrainingSession implements TrainingSession {
    private static final int FORWARD = 0;
    private static final int BACKWARD = 1;
    private static final int UPDATE = 2;
    private static final int TRANSPOSE = 3;

    private final WorkerPool pool;
    private final WorkerPool.Task task = this::runShare;
    private final Network network;
    private final List<ParameterSpec> specs;
    private final int layerCount;
    private final int maxBatchSize;
    private final int classes;
    private final int firstDense;
    private final int[] widths;
    private final Activation[] activations;
    private final float[][][] weightsT;
    private final float[][][] weights;
    private final float[][] biases;
    private final float[][][] weightGradientsT;
    private final float[][] biasGradients;
    private final float[][][] acts;
    private final float[][][] deltas;
    private final ParameterUpdate update;
    private boolean closed;
    private int correct;
    private int op;
    private int layer;
    private int batch;

    PureJavaTrainingSession(WorkerPool pool, Network network, ParameterSet initial, OptimizerSpec optimizer,
                            int maxBatchSize) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
        }
        this.pool = pool;
        this.network = network;
        this.specs = network.parameters();
        this.maxBatchSize = maxBatchSize;
        this.classes = network.outputWidth();
        List<Layer> layers = network.layers();
        layerCount = layers.size();
        widths = new int[layerCount + 1];
        widths[0] = network.inputWidth();
        activations = new Activation[layerCount];
        weightsT = new float[layerCount][][];
        weights = new float[layerCount][][];
        biases = new float[layerCount][];
        weightGradientsT = new float[layerCount][][];
        biasGradients = new float[layerCount][];
        int first = -1;
        List<float[]> parameterRows = new ArrayList<>();
        List<float[]> gradientRows = new ArrayList<>();
        for (int l = 0; l < layerCount; l++) {
            Layer layer = layers.get(l);
            widths[l + 1] = layer.outputWidth(widths[l]);
            if (layer instanceof ActivationLayer a) {
                activations[l] = a.activation();
            } else if (layer instanceof DenseLayer d) {
                float[] w = tensorValues(initial, l + ".weight", (long) d.outputs() * d.inputs());
                float[] b = tensorValues(initial, l + ".bias", d.outputs());
                weightsT[l] = new float[d.inputs()][d.outputs()];
                for (int o = 0; o < d.outputs(); o++) {
                    for (int i = 0; i < d.inputs(); i++) {
                        weightsT[l][i][o] = w[o * d.inputs() + i];
                    }
                }
                biases[l] = b.clone();
                weightGradientsT[l] = new float[d.inputs()][d.outputs()];
                biasGradients[l] = new float[d.outputs()];
                if (first >= 0) {
                    weights[l] = new float[d.outputs()][d.inputs()];
                    Kernels.transpose(weightsT[l], weights[l], 0, d.outputs());
                } else {
                    first = l;
                }
                parameterRows.addAll(List.of(weightsT[l]));
                parameterRows.add(biases[l]);
                gradientRows.addAll(List.of(weightGradientsT[l]));
                gradientRows.add(biasGradients[l]);
            } else {
                throw new IllegalArgumentException("the native backend does not implement layer " + layer);
            }
        }
        firstDense = first;
        acts = new float[layerCount + 1][][];
        deltas = new float[layerCount + 1][][];
        for (int l = 0; l <= layerCount; l++) {
            acts[l] = new float[maxBatchSize][widths[l]];
            if (first >= 0 && l > first) {
                deltas[l] = new float[maxBatchSize][widths[l]];
            }
        }
        update = new ParameterUpdate(optimizer, parameterRows.toArray(new float[0][]),
                gradientRows.toArray(new float[0][]));
    }

    private static float[] tensorValues(ParameterSet set, String path, long expected) {
        ParameterTensor tensor = set.find(path).orElseThrow(() -> new IllegalArgumentException(
                "the parameters have no '" + path + "' (have " + set.paths() + ")"));
        if (tensor.values().length != expected) {
            throw new IllegalArgumentException("parameter " + path + " has " + tensor.values().length
                    + " values, the network needs " + expected);
        }
        return tensor.values();
    }

    @Override
    public double trainStep(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        forwardPass(inputs, batchSize);
        double loss = softmaxCrossEntropy(labels, batchSize, true) / batchSize;
        backwardPass(batchSize);
        update.begin();
        run(UPDATE, 0, batchSize);
        run(TRANSPOSE, 0, batchSize);
        return loss;
    }

    @Override
    public ParameterSet gradients(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        forwardPass(inputs, batchSize);
        softmaxCrossEntropy(labels, batchSize, true);
        backwardPass(batchSize);
        return export(weightGradientsT, biasGradients);
    }

    @Override
    public void forward(float[] inputs, int batchSize, float[] logits) {
        checkBatch(inputs, batchSize);
        if (logits.length < batchSize * classes) {
            throw new IllegalArgumentException("logits needs room for " + batchSize + " x " + classes
                    + " values, got " + logits.length);
        }
        forwardPass(inputs, batchSize);
        float[][] out = acts[layerCount];
        for (int b = 0; b < batchSize; b++) {
            System.arraycopy(out[b], 0, logits, b * classes, classes);
        }
    }

    @Override
    public BatchEvaluation evaluate(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        forwardPass(inputs, batchSize);
        double lossSum = softmaxCrossEntropy(labels, batchSize, false);
        return new BatchEvaluation(lossSum, correct, batchSize);
    }

    @Override
    public ParameterSet parameters() {
        checkOpen();
        return export(weightsT, biases);
    }

    /** Marks the session closed; its buffers are plain arrays that go with the session object. */
    @Override
    public void close() {
        closed = true;
    }

    private void forwardPass(float[] inputs, int batchSize) {
        int width = widths[0];
        float[][] in = acts[0];
        for (int b = 0; b < batchSize; b++) {
            System.arraycopy(inputs, b * width, in[b], 0, width);
        }
        for (int l = 0; l < layerCount; l++) {
            run(FORWARD, l, batchSize);
        }
    }

    private void backwardPass(int batchSize) {
        if (firstDense < 0) {
            return;
        }
        for (int l = layerCount - 1; l >= firstDense; l--) {
            run(BACKWARD, l, batchSize);
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
        float[][] logits = acts[layerCount];
        float[][] delta = deltas[layerCount];
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
        op = operation;
        layer = layerIndex;
        batch = batchSize;
        pool.execute(task);
    }

    private void runShare(int worker, int workers) {
        switch (op) {
            case FORWARD -> forwardShare(worker, workers);
            case BACKWARD -> backwardShare(worker, workers);
            case UPDATE -> update.apply(worker, workers);
            case TRANSPOSE -> transposeShare(worker, workers);
            default -> throw new IllegalStateException("unknown operation " + op);
        }
    }

    private void forwardShare(int worker, int workers) {
        int l = layer;
        float[][] in = acts[l];
        float[][] out = acts[l + 1];
        if (activations[l] != null) {
            ActivationKernels.forward(activations[l], in, out, Kernels.share(batch, worker, workers),
                    Kernels.share(batch, worker + 1, workers), widths[l]);
        } else {
            product(out, batch, widths[l + 1], worker, workers, biases[l], in, weightsT[l], widths[l], false);
        }
    }

    private void backwardShare(int worker, int workers) {
        int l = layer;
        float[][] dOut = deltas[l + 1];
        if (activations[l] != null) {
            ActivationKernels.backward(activations[l], acts[l], acts[l + 1], dOut, deltas[l],
                    Kernels.share(batch, worker, workers), Kernels.share(batch, worker + 1, workers), widths[l]);
            return;
        }
        int inputs = widths[l];
        int outputs = widths[l + 1];
        product(weightGradientsT[l], inputs, outputs, worker, workers, null, acts[l], dOut, batch, true);
        if (worker == workers - 1) {
            // small (batch x outputs additions), and one owner keeps every line of the sums on one core
            Kernels.columnSums(biasGradients[l], dOut, batch, 0, outputs);
        }
        if (weights[l] != null) {
            product(deltas[l], batch, inputs, worker, workers, null, dOut, weights[l], outputs, false);
        }
    }

    private void transposeShare(int worker, int workers) {
        for (int l = 0; l < layerCount; l++) {
            if (weights[l] != null) {
                int outputs = widths[l + 1];
                Kernels.transpose(weightsT[l], weights[l], Kernels.share(outputs, worker, workers),
                        Kernels.share(outputs, worker + 1, workers));
            }
        }
    }

    /**
     * One worker's share of a product: a contiguous block of output rows. Splitting by rows rather than by
     * columns keeps each cache line of the output with one thread; a column split would make two threads
     * write the line at the boundary of every row once per term.
     */
    private static void product(float[][] out, int rows, int columns, int worker, int workers, float[] init,
                                float[][] coef, float[][] src, int depth, boolean transposedCoef) {
        int r0 = Kernels.share(rows, worker, workers);
        int r1 = Kernels.share(rows, worker + 1, workers);
        if (transposedCoef) {
            Kernels.multiplyTransposed(out, r0, r1, 0, columns, coef, src, depth);
        } else {
            Kernels.multiply(out, r0, r1, 0, columns, init, coef, src, depth);
        }
    }

    private ParameterSet export(float[][][] transposedWeights, float[][] vectors) {
        List<ParameterTensor> tensors = new ArrayList<>();
        int next = 0;
        for (int l = 0; l < layerCount; l++) {
            if (transposedWeights[l] == null) {
                continue;
            }
            int inputs = widths[l];
            int outputs = widths[l + 1];
            float[] w = new float[outputs * inputs];
            for (int i = 0; i < inputs; i++) {
                float[] row = transposedWeights[l][i];
                for (int o = 0; o < outputs; o++) {
                    w[o * inputs + i] = row[o];
                }
            }
            tensors.add(new ParameterTensor(specs.get(next++), w));
            tensors.add(new ParameterTensor(specs.get(next++), vectors[l].clone()));
        }
        return new ParameterSet(tensors);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the training session for " + network + " has been closed");
        }
    }

    private void checkBatch(float[] inputs, int batchSize) {
        checkOpen();
        if (batchSize < 1 || batchSize > maxBatchSize) {
            throw new IllegalArgumentException("batch size must be between 1 and " + maxBatchSize
                    + " (the session's maximum), got " + batchSize);
        }
        if (inputs.length < batchSize * widths[0]) {
            throw new IllegalArgumentException("a batch of " + batchSize + " samples of width " + widths[0]
                    + " needs " + batchSize * widths[0] + " input values, got " + inputs.length);
        }
    }

    private void checkLabels(int[] labels, int batchSize) {
        if (labels.length < batchSize) {
            throw new IllegalArgumentException("a batch of " + batchSize + " samples needs " + batchSize
                    + " labels, got " + labels.length);
        }
        for (int b = 0; b < batchSize; b++) {
            if (labels[b] < 0 || labels[b] >= classes) {
                throw new IllegalArgumentException("label " + labels[b] + " of sample " + b + " is not a class of "
                        + network + " (0 to " + (classes - 1) + ")");
            }
        }
    }
}
