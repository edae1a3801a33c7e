package org.initlab.core.data;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The two parts of a dataset distributed MNIST-style: the training part and the held-out test part. */
@API(status = STABLE, since = "0.1")
public enum Split {
    /** The training part, file prefix {@code train}. */
    TRAIN("train"),
    /** The held-out test part, file prefix {@code t10k} (MNIST's name for its 10,000 test images). */
    TEST("t10k");

    private final String filePrefix;

    Split(String filePrefix) {
        this.filePrefix = filePrefix;
    }

    /** @return the prefix of this split's MNIST file names: {@code train} or {@code t10k} */
    public String filePrefix() {
        return filePrefix;
    }

    /** @return the lower-case name, {@code train} or {@code test}, used in dataset names and messages */
    public String label() {
        return this == TRAIN ? "train" : "test";
    }
}
