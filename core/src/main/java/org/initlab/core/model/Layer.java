package org.initlab.core.model;

/**
 * One layer of a sequential network. The set of layer kinds is closed so that every backend can be checked
 * to implement all of them.
 */
public sealed interface Layer permits DenseLayer, ActivationLayer {

    /**
     * @param inputWidth the width of the layer's input
     * @return the width of its output
     * @throws IllegalArgumentException when the input width does not fit the layer
     */
    int outputWidth(int inputWidth);
}
