package org.initlab.core.backend;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.core.model.Network;

/**
 * The argument checks every {@link TrainingSession} makes before it computes, written once so that every backend
 * refuses the same calls with the same messages (the backend compatibility kit checks both): a closed session,
 * a batch size outside {@code [1, maxBatchSize]}, too few inputs, too few labels, a label that is not a class.
 * A session holds one instance; the checks allocate nothing.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class SessionChecks {
    private final Network network;
    private final int maxBatchSize;
    private final int inputWidth;
    private final int classes;

    /**
     * @param network      the session's network
     * @param maxBatchSize the largest batch the session accepts
     */
    public SessionChecks(Network network, int maxBatchSize) {
        this.network = Objects.requireNonNull(network, "network");
        this.maxBatchSize = maxBatchSize;
        this.inputWidth = network.inputWidth();
        this.classes = network.outputWidth();
    }

    /**
     * @param closed whether the session has been closed
     * @throws IllegalStateException when it has
     */
    public void checkOpen(boolean closed) {
        if (closed) {
            throw new IllegalStateException("the training session for " + network + " has been closed");
        }
    }

    /**
     * @param inputs    {@code [batchSize, inputWidth]} row-major, may be longer
     * @param batchSize the number of samples
     * @throws IllegalArgumentException for a batch size outside {@code [1, maxBatchSize]} or too few inputs
     */
    public void checkBatch(float[] inputs, int batchSize) {
        if (batchSize < 1 || batchSize > maxBatchSize) {
            throw new IllegalArgumentException("batch size must be between 1 and " + maxBatchSize
                    + " (the session's maximum), got " + batchSize);
        }
        if (inputs.length < batchSize * inputWidth) {
            throw new IllegalArgumentException("a batch of " + batchSize + " samples of width " + inputWidth
                    + " needs " + batchSize * inputWidth + " input values, got " + inputs.length);
        }
    }

    /**
     * @param labels    one class per sample, may be longer
     * @param batchSize the number of samples
     * @throws IllegalArgumentException for too few labels or a label outside {@code [0, classes)}
     */
    public void checkLabels(int[] labels, int batchSize) {
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
