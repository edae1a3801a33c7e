package org.initlab.runner.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.initlab.core.train.EpochResult;
import org.initlab.core.train.TrialResult;
import org.initlab.core.train.TrialStatus;

/**
 * A {@link TrialResult} as it travels back to the driver: Java-serializable, every number bit for bit.
 *
 * @param index   the trial's position in the batch
 * @param init    {@link TrialResult#init()}
 * @param seed    {@link TrialResult#seed()}
 * @param status  the {@link TrialStatus} name
 * @param epochs  per epoch: epoch, train loss, test loss, test accuracy, seconds
 * @param seconds {@link TrialResult#seconds()}
 * @param samplesPerSecond {@link TrialResult#samplesPerSecond()}
 * @param message the message, {@code null} when there is none
 * @param executor where the trial ran ({@code host/executor id}), for the log
 */
record WireResult(int index, String init, long seed, String status, double[][] epochs, double seconds,
                  double samplesPerSecond, String message, String executor) implements Serializable {
    private static final long serialVersionUID = 1L;

    static WireResult of(int index, TrialResult r, String executor) {
        double[][] epochs = new double[r.epochs().size()][];
        for (int i = 0; i < epochs.length; i++) {
            EpochResult e = r.epochs().get(i);
            epochs[i] = new double[] {e.epoch(), e.trainLoss(), e.testLoss(), e.testAccuracy(), e.seconds()};
        }
        return new WireResult(index, r.init(), r.seed(), r.status().name(), epochs, r.seconds(), r.samplesPerSecond(),
                r.message().orElse(null), executor);
    }

    TrialResult result() {
        List<EpochResult> list = new ArrayList<>();
        for (double[] e : epochs) {
            list.add(new EpochResult((int) e[0], e[1], e[2], e[3], e[4]));
        }
        return new TrialResult(init, seed, TrialStatus.valueOf(status), list, seconds, samplesPerSecond,
                Optional.ofNullable(message));
    }
}
