package org.initlab.backends.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import org.initlab.core.backend.BatchEvaluation;
import org.initlab.core.backend.SessionChecks;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.Network;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;
import org.initlab.spi.ParameterSpec;

/**
 * One network on the PyTorch engine: its parameters as float32 tensors in PyTorch layout (as
 * {@link Network#parameters()} lists them), its layers as {@link DjlNetwork} builds them, the loss
 * {@code nll_loss(log_softmax(logits), labels)} averaged over the batch, gradients by PyTorch's autograd and the
 * updates of {@link DjlOptimizer}. {@code trainStep} and {@code gradients} run in training mode (batch
 * statistics, which update the running statistics; dropout), {@code forward} and {@code evaluate} in evaluation
 * mode.
 *
 * <p>Dropout masks come from libtorch's process-wide default generator. Before every training pass of a network
 * with dropout the session seeds it with {@code torch.manual_seed(maskSeed(seed, pass))} while holding a lock
 * shared by all sessions, so the masks of a session depend only on its seed and on how many training passes it
 * ran before, not on other sessions (as long as nothing else in the process draws from that generator between
 * the seeding and the pass).
 *
 * <p>Every call runs inside an {@link NDScope} and a sub-manager of the session's manager that are closed
 * before it returns, so the tensors of a step (inputs, activations, autograd graph, gradient handles, optimizer
 * temporaries) are freed at once and native memory stays flat however many steps run. Inputs and labels are
 * copied into two direct buffers allocated once, which PyTorch reads in place on the CPU.
 */
final class DjlTrainingSession implements TrainingSession {
    /** Guards libtorch's default generator between seeding it and drawing dropout masks. */
    private static final Object TORCH_GENERATOR = new Object();

    private final DjlBackend backend;
    private final NDManager manager;
    private final Network network;
    private final int inputWidth;
    private final int classes;
    private final int maxBatchSize;
    private final long seed;
    private final List<ParameterSpec> specs;
    private final NDArray[] parameters;
    private final DjlNetwork model;
    private final DjlOptimizer optimizer;
    private final ByteBuffer inputStaging;
    private final ByteBuffer labelStaging;
    private long trainingPasses;
    private final SessionChecks checks;
    private boolean closed;

    DjlTrainingSession(DjlBackend backend, NDManager manager, Network network, ParameterSet initial,
                       OptimizerSpec optimizer, ParameterGroups groups, int maxBatchSize, long seed) {
        this.backend = backend;
        this.manager = manager;
        this.network = network;
        this.inputWidth = network.inputWidth();
        this.classes = network.outputWidth();
        this.maxBatchSize = maxBatchSize;
        this.checks = new SessionChecks(network, maxBatchSize);
        this.seed = seed;
        this.specs = network.parameters();
        try {
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
            }
            this.parameters = new NDArray[specs.size()];
            for (int i = 0; i < specs.size(); i++) {
                ParameterSpec spec = specs.get(i);
                try (NDArray staged = manager.create(values(initial, spec), new Shape(longs(spec.shape().dims())))) {
                    parameters[i] = staged.duplicate();
                }
                parameters[i].setRequiresGradient(true);
            }
            this.model = new DjlNetwork(network, parameters, manager);
            this.optimizer = DjlOptimizer.of(optimizer, groups.scalesFor(specs.stream().map(ParameterSpec::path)
                    .toList()), parameters, manager);
            this.inputStaging = ByteBuffer.allocateDirect(Math.multiplyExact(maxBatchSize, inputWidth) * Float.BYTES)
                    .order(ByteOrder.nativeOrder());
            this.labelStaging = ByteBuffer.allocateDirect(maxBatchSize * Long.BYTES).order(ByteOrder.nativeOrder());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static long[] longs(int[] dims) {
        long[] result = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            result[i] = dims[i];
        }
        return result;
    }

    private static float[] values(ParameterSet set, ParameterSpec spec) {
        ParameterTensor tensor = set.find(spec.path()).orElseThrow(() -> new IllegalArgumentException(
                "the parameters have no '" + spec.path() + "' (have " + set.paths() + ")"));
        if (tensor.values().length != spec.elementCount()) {
            throw new IllegalArgumentException("parameter " + spec.path() + " has " + tensor.values().length
                    + " values, the network needs " + spec.elementCount() + " (shape " + spec.shape() + ")");
        }
        return tensor.values();
    }

    @Override
    public double trainStep(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray[] gradients = new NDArray[parameters.length];
            float loss = backward(step, inputs, labels, batchSize, gradients);
            if (parameters.length > 0) {
                optimizer.step(parameters, gradients);
            }
            return loss;
        }
    }

    @Override
    public ParameterSet gradients(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray[] gradients = new NDArray[parameters.length];
            backward(step, inputs, labels, batchSize, gradients);
            return copy(gradients);
        }
    }

    /**
     * Forward and backward of one batch with autograd; fills {@code gradients} with handles on the parameters'
     * {@code .grad} tensors (zeroed first, so they hold this batch's gradient only).
     *
     * @return the mean loss
     */
    private float backward(NDManager step, float[] inputs, int[] labels, int batchSize, NDArray[] gradients) {
        NDArray x = inputArray(step, inputs, batchSize);
        NDArray y = labelArray(step, labels, batchSize);
        for (NDArray parameter : parameters) {
            JniUtils.zeroGrad((PtNDArray) parameter);
        }
        NDArray loss;
        try (GradientCollector collector = backend.engine().newGradientCollector()) {
            loss = logProbabilitiesOfLabels(trainingLogits(x), y).mean().neg();
            if (parameters.length > 0) {
                collector.backward(loss);
            }
        }
        for (int i = 0; i < parameters.length; i++) {
            gradients[i] = parameters[i].getGradient();
        }
        return scalar(loss);
    }

    @Override
    public void forward(float[] inputs, int batchSize, float[] logits) {
        checkBatch(inputs, batchSize);
        if (logits.length < batchSize * classes) {
            throw new IllegalArgumentException("logits needs room for " + batchSize + " x " + classes
                    + " values, got " + logits.length);
        }
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            floats(model.logits(inputArray(step, inputs, batchSize), false)).get(logits, 0, batchSize * classes);
        }
    }

    @Override
    public BatchEvaluation evaluate(float[] inputs, int[] labels, int batchSize) {
        checkBatch(inputs, batchSize);
        checkLabels(labels, batchSize);
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            NDArray logits = model.logits(inputArray(step, inputs, batchSize), false);
            FloatBuffer picked = floats(logProbabilitiesOfLabels(logits, labelArray(step, labels, batchSize)));
            LongBuffer predicted = toHost(logits.argMax(1)).asLongBuffer();
            double lossSum = 0;
            int correct = 0;
            for (int b = 0; b < batchSize; b++) {
                lossSum -= picked.get(b);
                correct += predicted.get(b) == labels[b] ? 1 : 0;
            }
            return new BatchEvaluation(lossSum, correct, batchSize);
        }
    }

    @Override
    public ParameterSet parameters() {
        checkOpen();
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return copy(parameters);
        }
    }

    private ParameterSet copy(NDArray[] arrays) {
        List<ParameterTensor> tensors = new ArrayList<>(arrays.length);
        for (int i = 0; i < arrays.length; i++) {
            float[] values = new float[specs.get(i).elementCount()];
            floats(arrays[i]).get(values);
            tensors.add(new ParameterTensor(specs.get(i), values));
        }
        return new ParameterSet(tensors);
    }

    /**
     * The training-mode forward pass. With dropout, libtorch's default generator is first seeded with
     * {@link #maskSeed(long, long)} of the session seed and the number of earlier training passes, under a
     * process-wide lock, so a session's masks depend only on its seed and its own history.
     */
    private NDArray trainingLogits(NDArray x) {
        if (!model.hasDropout()) {
            return model.logits(x, true);
        }
        synchronized (TORCH_GENERATOR) {
            JniUtils.setSeed(maskSeed(seed, trainingPasses++));
            return model.logits(x, true);
        }
    }

    /**
     * @param seed the session seed
     * @param pass the index of the training pass
     * @return the seed of that pass's dropout masks (SplitMix64's finalizer of {@code seed + pass * gamma}),
     *         kept non-negative for {@code torch.manual_seed}
     */
    static long maskSeed(long seed, long pass) {
        long z = seed + (pass + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }

    /**
     * @param layer the index of a batch normalization layer
     * @return its running mean and running variance (a copy), for tests
     */
    float[][] runningStatistics(int layer) {
        return runningStatistics(String.valueOf(layer));
    }

    /**
     * @param module the module path of a batch normalization layer: its index, or {@code 3.branch.1} inside
     *               residual block 3
     * @return its running mean and running variance (a copy), for tests
     */
    float[][] runningStatistics(String module) {
        checkOpen();
        int slot = model.batchNormSlot(module).orElseThrow(() -> new IllegalArgumentException(
                "layer " + module + " of " + network + " is not a batch normalization"));
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] mean = new float[(int) model.runningMean(slot).size()];
            float[] variance = new float[mean.length];
            floats(model.runningMean(slot)).get(mean);
            floats(model.runningVariance(slot)).get(variance);
            return new float[][] {mean, variance};
        }
    }

    /** @return {@code log_softmax(logits)[b, label_b]} as {@code [batch, 1]} */
    private static NDArray logProbabilitiesOfLabels(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels, 1);
    }

    private NDArray inputArray(NDManager step, float[] inputs, int batchSize) {
        int count = batchSize * inputWidth;
        inputStaging.clear();
        inputStaging.asFloatBuffer().put(inputs, 0, count);
        return step.create(inputStaging.slice(0, count * Float.BYTES), model.inputShape(batchSize),
                DataType.FLOAT32);
    }

    private NDArray labelArray(NDManager step, int[] labels, int batchSize) {
        labelStaging.clear();
        for (int b = 0; b < batchSize; b++) {
            labelStaging.putLong(b * Long.BYTES, labels[b]);
        }
        return step.create(labelStaging.slice(0, batchSize * Long.BYTES), new Shape(batchSize, 1),
                DataType.INT64);
    }

    /** A view of a tensor's elements on the host (copied off the GPU first when needed). */
    private static ByteBuffer toHost(NDArray array) {
        return array.toByteBuffer(true).order(ByteOrder.nativeOrder());
    }

    private static FloatBuffer floats(NDArray array) {
        return toHost(array).asFloatBuffer();
    }

    private static float scalar(NDArray array) {
        return floats(array).get(0);
    }

    private void checkOpen() {
        checks.checkOpen(closed);
        if (backend.isClosed()) {
            throw new IllegalStateException("the " + DjlBackendProvider.NAME + " backend of the training session "
                    + "for " + network + " has been closed");
        }
    }

    private void checkBatch(float[] inputs, int batchSize) {
        checkOpen();
        checks.checkBatch(inputs, batchSize);
    }

    private void checkLabels(int[] labels, int batchSize) {
        checks.checkLabels(labels, batchSize);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
