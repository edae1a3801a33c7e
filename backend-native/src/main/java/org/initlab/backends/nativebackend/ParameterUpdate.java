package org.initlab.backends.nativebackend;

import org.initlab.core.optim.FloatUpdateRule;
import org.initlab.core.optim.OptimizerSpec;

/**
 * The optimizer of one session: core's {@link FloatUpdateRule} (PyTorch's {@code SGD} and {@code Adam}, in
 * float like PyTorch's float32 kernels) applied to rows of float parameters split among the workers, with the
 * optimizer state in rows of the same shapes, allocated once.
 */
final class ParameterUpdate {
    private final float[][] parameters;
    private final float[][] gradients;
    private final float[][] first;
    private final float[][] second;
    private final long[] offsets;
    private final FloatUpdateRule rule;
    private int steps;
    private float stepSize;
    private float correction2Sqrt;

    /**
     * @param spec       the optimizer
     * @param parameters every parameter row of the network
     * @param gradients  the matching gradient rows
     */
    ParameterUpdate(OptimizerSpec spec, float[][] parameters, float[][] gradients) {
        this.parameters = parameters;
        this.gradients = gradients;
        this.offsets = new long[parameters.length + 1];
        for (int r = 0; r < parameters.length; r++) {
            offsets[r + 1] = offsets[r] + parameters[r].length;
        }
        this.rule = FloatUpdateRule.of(spec);
        if (rule instanceof FloatUpdateRule.Adam) {
            first = like(parameters);
            second = like(parameters);
        } else {
            first = ((FloatUpdateRule.Sgd) rule).hasMomentum() ? like(parameters) : null;
            second = null;
        }
    }

    private static float[][] like(float[][] rows) {
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = new float[rows[i].length];
        }
        return copy;
    }

    /** Starts the next step: counts it and computes its scalars. Call once before {@link #apply}. */
    void begin() {
        steps++;
        if (rule instanceof FloatUpdateRule.Adam adam) {
            stepSize = adam.stepSize(steps);
            correction2Sqrt = adam.correction2Sqrt(steps);
        }
    }

    /**
     * Updates this worker's share of the rows: a contiguous run of whole rows holding about {@code 1/workers}
     * of the elements (whole rows, so that no cache line is written by two threads). Elements are independent,
     * so any split gives the same result.
     *
     * @param worker  the worker index
     * @param workers the number of workers
     */
    void apply(int worker, int workers) {
        int end = firstRow(worker + 1, workers);
        for (int r = firstRow(worker, workers); r < end; r++) {
            float[] p = parameters[r];
            if (rule instanceof FloatUpdateRule.Adam adam) {
                adam.apply(p, gradients[r], first[r], second[r], stepSize, correction2Sqrt, 0, p.length);
            } else if (first == null) {
                ((FloatUpdateRule.Sgd) rule).apply(p, gradients[r], 0, p.length);
            } else {
                ((FloatUpdateRule.Sgd) rule).apply(p, gradients[r], first[r], 0, p.length);
            }
        }
    }

    /** @return the first row whose first element lies in the worker's share of all elements */
    private int firstRow(int worker, int workers) {
        long target = offsets[offsets.length - 1] * worker / workers;
        int low = 0;
        int high = offsets.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (offsets[mid] < target) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
