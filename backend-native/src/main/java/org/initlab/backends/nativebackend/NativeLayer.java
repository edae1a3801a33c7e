package org.initlab.backends.nativebackend;

import java.util.Iterator;
import java.util.List;
import org.initlab.core.init.ParameterTensor;
import org.initlab.spi.ParameterSpec;

/**
 * One layer of a {@link NativeTrainingSession}: it reads its input {@link Boundary}, writes its output
 * boundary and, going back, the input boundary's gradients (when that boundary has them) and its own
 * parameter gradients. Its work comes in parallel phases: the session calls a phase on every worker
 * ({@code worker} of {@code workers}) and waits for all before the next, and each worker must write only
 * output elements that no other worker writes, computed in an order that does not depend on the split.
 * Everything a layer needs is allocated in its constructor; the phases allocate nothing.
 */
interface NativeLayer {

    /** What a forward pass is for. */
    enum Mode {
        /** {@code forward} and {@code evaluate}: running statistics, no dropout. */
        EVALUATION,
        /** {@code trainStep} and {@code gradients}: batch statistics (updating the running ones), new dropout masks. */
        TRAINING,
        /** Training arithmetic with the last training pass's dropout masks, changing no state (for tests). */
        REPLAY;

        boolean training() {
            return this != EVALUATION;
        }
    }

    /**
     * Called on the session's thread before the forward phases of a pass.
     *
     * @param batch the batch size
     * @param mode  what the pass is for
     * @throws IllegalArgumentException when the layer cannot run this batch in this mode
     */
    default void beforeForward(int batch, Mode mode) {
    }

    /** @return the number of forward phases */
    default int forwardPhases() {
        return 1;
    }

    /**
     * One worker's share of a forward phase.
     *
     * @param phase    the phase, from 0
     * @param worker   the worker index
     * @param workers  the number of workers
     * @param batch    the batch size
     * @param training whether this is a training pass
     */
    void forward(int phase, int worker, int workers, int batch, boolean training);

    /** @return the number of backward phases */
    default int backwardPhases() {
        return 1;
    }

    /**
     * One worker's share of a backward phase: parameter gradients and, when the input boundary keeps
     * gradients, the input gradient. Follows a training-mode forward pass of the same batch.
     *
     * @param phase   the phase, from 0
     * @param worker  the worker index
     * @param workers the number of workers
     * @param batch   the batch size
     */
    void backward(int phase, int worker, int workers, int batch);

    /**
     * After an optimizer update: refreshes copies of the parameters (transposed weights).
     *
     * @param worker  the worker index
     * @param workers the number of workers
     */
    default void refresh(int worker, int workers) {
    }

    /**
     * Adds the layer's parameter rows and the matching gradient rows, for the optimizer: the rows of each
     * parameter together, parameters in {@code Network.parameters()} order (the optimizer finds each row's
     * parameter, and with it its learning rate, by counting elements).
     *
     * @param parameters receives parameter rows
     * @param gradients  receives gradient rows, one per parameter row, of the same length
     */
    default void rows(List<float[]> parameters, List<float[]> gradients) {
    }

    /**
     * Adds the layer's parameters (or their gradients) in PyTorch layout, in {@code Network.parameters()}
     * order.
     *
     * @param specs     the network's parameter specs, positioned at this layer's first one
     * @param gradients whether to export gradients rather than values
     * @param out       receives the tensors
     */
    default void export(Iterator<ParameterSpec> specs, boolean gradients, List<ParameterTensor> out) {
    }
}
