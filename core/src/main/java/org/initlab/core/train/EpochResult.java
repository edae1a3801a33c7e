package org.initlab.core.train;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Measurements after one epoch.
 *
 * @param epoch         1-based epoch number
 * @param trainLoss     mean of the epoch's mini-batch losses
 * @param testLoss      mean cross-entropy on the test set after the epoch
 * @param testAccuracy  fraction of the test set classified correctly after the epoch, in [0, 1]
 * @param seconds       wall time of the epoch's training and evaluation
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record EpochResult(int epoch, double trainLoss, double testLoss, double testAccuracy, double seconds) {
}
