package org.initlab.core.backend;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Loss and accuracy counts of one evaluated batch.
 *
 * @param lossSum sum over the batch of the per-sample cross-entropy
 * @param correct number of samples whose arg-max logit is the label
 * @param count   number of samples
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record BatchEvaluation(double lossSum, int correct, int count) {
    /**
     * @param other another batch
     * @return the totals of both
     */
    public BatchEvaluation plus(BatchEvaluation other) {
        return new BatchEvaluation(lossSum + other.lossSum, correct + other.correct, count + other.count);
    }

    /** @return mean loss per sample */
    public double meanLoss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** @return fraction correct in [0, 1] */
    public double accuracy() {
        return count == 0 ? Double.NaN : (double) correct / count;
    }
}
