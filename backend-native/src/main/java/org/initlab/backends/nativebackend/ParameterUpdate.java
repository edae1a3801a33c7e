package org.initlab.backends.nativebackend;

import java.util.List;
import org.initlab.core.optim.FloatUpdateRule;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups.GroupScale;
import org.initlab.spi.ParameterSpec;

/**
 * The optimizer of one session: core's {@link FloatUpdateRule} (PyTorch's {@code SGD} and {@code Adam}, in
 * float like PyTorch's float32 kernels) applied to rows of float parameters split among the workers, with the
 * optimizer state in rows of the same shapes, allocated once. Each parameter has the rule of its group (its own
 * learning rate and weight decay); the per-step scalars of every parameter (warmed-up learning rate, Adam's
 * step size and bias correction) are computed once per step in {@link #begin()}, into arrays allocated once.
 */
final class ParameterUpdate {
    private final float[][] parameters;
    private final float[][] gradients;
    private final float[][] first;
    private final float[][] second;
    private final long[] offsets;
    /** The rule of each parameter (not row). */
    private final FloatUpdateRule[] rules;
    /** The parameter each row belongs to. */
    private final int[] parameterOfRow;
    /** Per parameter: SGD's learning rate of this step, or Adam's step size. */
    private final float[] stepScalar;
    /** Per parameter: Adam's {@code sqrt(1 - b2^t)} of this step. */
    private final float[] correction2Sqrt;
    private final boolean adam;
    private int steps;

    /**
     * @param spec       the optimizer
     * @param specs      the network's parameters, in order
     * @param scales     the group multipliers of each parameter, same order
     * @param parameters every parameter row of the network: the rows of each parameter together, parameters in
     *                   network order (as {@link NativeLayer#rows} adds them)
     * @param gradients  the matching gradient rows
     */
    ParameterUpdate(OptimizerSpec spec, List<ParameterSpec> specs, List<GroupScale> scales, float[][] parameters,
                    float[][] gradients) {
        this.parameters = parameters;
        this.gradients = gradients;
        this.offsets = new long[parameters.length + 1];
        for (int r = 0; r < parameters.length; r++) {
            offsets[r + 1] = offsets[r] + parameters[r].length;
        }
        this.rules = new FloatUpdateRule[specs.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = FloatUpdateRule.of(spec, scales.get(i));
        }
        this.parameterOfRow = rowOwners(specs, parameters);
        this.stepScalar = new float[rules.length];
        this.correction2Sqrt = new float[rules.length];
        this.adam = spec instanceof OptimizerSpec.Adam;
        FloatUpdateRule rule = FloatUpdateRule.of(spec);
        if (adam) {
            first = like(parameters);
            second = like(parameters);
        } else {
            first = ((FloatUpdateRule.Sgd) rule).hasMomentum() ? like(parameters) : null;
            second = null;
        }
    }

    /** Which parameter each row belongs to, walking the parameters' element counts along the rows. */
    private static int[] rowOwners(List<ParameterSpec> specs, float[][] rows) {
        int[] owners = new int[rows.length];
        int parameter = 0;
        long filled = 0;
        for (int r = 0; r < rows.length; r++) {
            while (parameter < specs.size() && filled == specs.get(parameter).elementCount()) {
                parameter++;
                filled = 0;
            }
            if (parameter == specs.size() || filled + rows[r].length > specs.get(parameter).elementCount()) {
                throw new IllegalStateException("parameter rows do not line up with the network's parameters at row "
                        + r);
            }
            owners[r] = parameter;
            filled += rows[r].length;
        }
        if (rows.length > 0 && (parameter != specs.size() - 1 || filled != specs.get(parameter).elementCount())) {
            throw new IllegalStateException("parameter rows do not cover the network's parameters");
        }
        return owners;
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
        for (int i = 0; i < rules.length; i++) {
            if (rules[i] instanceof FloatUpdateRule.Adam rule) {
                stepScalar[i] = rule.stepSize(steps);
                correction2Sqrt[i] = rule.correction2Sqrt(steps);
            } else {
                stepScalar[i] = ((FloatUpdateRule.Sgd) rules[i]).stepLearningRate(steps);
            }
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
            int owner = parameterOfRow[r];
            if (adam) {
                ((FloatUpdateRule.Adam) rules[owner]).apply(p, gradients[r], first[r], second[r], stepScalar[owner],
                        correction2Sqrt[owner], 0, p.length);
            } else if (first == null) {
                ((FloatUpdateRule.Sgd) rules[owner]).apply(p, gradients[r], stepScalar[owner], 0, p.length);
            } else {
                ((FloatUpdateRule.Sgd) rules[owner]).apply(p, gradients[r], first[r], stepScalar[owner], 0, p.length);
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
