package org.initlab.core.width;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Where a dense layer sits in a width-scaled network, which says which of its dimensions grow with width
 * (Yang et al. 2022 call those dimensions "infinite", the others "finite").
 */
@API(status = EXPERIMENTAL, since = "0.5")
public enum DenseRole {
    /** The first dense layer: fan-in = the input features (finite), fan-out = a hidden width. */
    INPUT,
    /** A dense layer between two hidden widths: fan-in and fan-out grow with width. */
    HIDDEN,
    /** The last dense layer (the classifier): fan-in = a hidden width, fan-out = the classes (finite). */
    OUTPUT,
    /** The only dense layer of a network without hidden layers: fan-in and fan-out are finite. */
    INPUT_OUTPUT;

    /** @return whether the fan-in grows with width (a hidden width feeds the layer) */
    public boolean wideFanIn() {
        return this == HIDDEN || this == OUTPUT;
    }

    /** @return whether the fan-out grows with width (the layer produces a hidden width) */
    public boolean wideFanOut() {
        return this == INPUT || this == HIDDEN;
    }

    /** @return the lower-case name used in tables, e.g. {@code input}, {@code input+output} */
    public String label() {
        return this == INPUT_OUTPUT ? "input+output" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
