package org.initlab.core.backend;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;
import org.initlab.core.init.ParameterSet;

/**
 * One network's state on a backend: parameters, optimizer state and work buffers.
 *
 * <p>Inputs are row-major {@code [batch, inputWidth]} float arrays that may be longer than needed; labels
 * are class indices. The loss is the mean softmax cross-entropy over the batch (PyTorch's
 * {@code nn.CrossEntropyLoss()}). A session is used from one thread; implementations should allocate nothing
 * per step once warmed up.
 *
 * <p>Layers that behave differently in training ({@link org.initlab.core.model.BatchNormLayer},
 * {@link org.initlab.core.model.DropoutLayer}) run in training mode in {@link #trainStep} and
 * {@link #gradients} (batch statistics; random dropout masks from the session's seed) and in evaluation mode
 * in {@link #forward} and {@link #evaluate} (running statistics, no dropout), as PyTorch's
 * {@code model.train()} and {@code model.eval()}. Only {@link #trainStep} updates the running statistics;
 * {@link #gradients} changes no state but the dropout generator's position. The running statistics are
 * buffers of the session: {@link #parameters()} returns only learnable parameters.
 *
 * <p>Every method throws {@link IllegalArgumentException} for a batch size outside {@code [1, maxBatchSize]},
 * a label outside {@code [0, classes)} or an array that is too short; {@link #forward} writes nothing beyond
 * {@code batchSize * classes} in {@code logits}; a closed session (or one whose backend is closed) throws
 * {@link IllegalStateException} ({@link SessionChecks} makes these checks). The backend compatibility kit
 * ({@code initlab-backend-testkit}) checks all of this.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface TrainingSession extends AutoCloseable {

    /**
     * Computes the loss and gradients of a batch and applies one optimizer update.
     *
     * @param inputs    {@code [batchSize, inputWidth]}
     * @param labels    {@code [batchSize]}
     * @param batchSize number of samples, {@code 1 <= batchSize <= maxBatchSize}
     * @return the batch's mean loss before the update (NaN or infinite when training diverged)
     */
    double trainStep(float[] inputs, int[] labels, int batchSize);

    /**
     * Computes the loss and the gradients of a batch without updating anything.
     *
     * @param inputs    {@code [batchSize, inputWidth]}
     * @param labels    {@code [batchSize]}
     * @param batchSize number of samples
     * @return the gradient of the mean loss for every parameter (a new set, same paths)
     */
    ParameterSet gradients(float[] inputs, int[] labels, int batchSize);

    /**
     * Runs the network forward.
     *
     * @param inputs    {@code [batchSize, inputWidth]}
     * @param batchSize number of samples
     * @param logits    receives {@code [batchSize, classes]}
     */
    void forward(float[] inputs, int batchSize, float[] logits);

    /**
     * Evaluates a batch without training.
     *
     * @param inputs    {@code [batchSize, inputWidth]}
     * @param labels    {@code [batchSize]}
     * @param batchSize number of samples
     * @return loss sum and correct count
     */
    BatchEvaluation evaluate(float[] inputs, int[] labels, int batchSize);

    /** @return a copy of the current parameters */
    ParameterSet parameters();

    /** Releases the session's buffers. */
    @Override
    void close();
}
