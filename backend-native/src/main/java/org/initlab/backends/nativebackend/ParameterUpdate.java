package org.initlab.backends.nativebackend;

import org.initlab.core.optim.OptimizerSpec;

/**
 * The optimizer of one session: the rules of {@link OptimizerSpec} (PyTorch's {@code SGD} and {@code Adam})
 * applied element-wise to rows of float parameters, with the optimizer state in rows of the same shapes,
 * allocated once. Arithmetic is float, like PyTorch's float32 kernels; per-step scalars such as Adam's bias
 * corrections are computed in double and rounded once.
 */
final class ParameterUpdate {
    private final float[][] parameters;
    private final float[][] gradients;
    private final float[][] first;
    private final float[][] second;
    private final long[] offsets;
    private final boolean adam;
    private final boolean nesterov;
    private final float learningRate;
    private final float momentum;
    private final float weightDecay;
    private final double beta1;
    private final double beta2;
    private final float epsilon;
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
        this.learningRate = (float) spec.learningRate();
        if (spec instanceof OptimizerSpec.Adam a) {
            adam = true;
            nesterov = false;
            momentum = 0;
            weightDecay = (float) a.weightDecay();
            beta1 = a.beta1();
            beta2 = a.beta2();
            epsilon = (float) a.epsilon();
            first = like(parameters);
            second = like(parameters);
        } else {
            OptimizerSpec.Sgd s = (OptimizerSpec.Sgd) spec;
            adam = false;
            nesterov = s.nesterov();
            momentum = (float) s.momentum();
            weightDecay = (float) s.weightDecay();
            beta1 = 0;
            beta2 = 0;
            epsilon = 0;
            first = s.momentum() != 0 ? like(parameters) : null;
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
        if (adam) {
            stepSize = (float) (learningRate / (1 - Math.pow(beta1, steps)));
            correction2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, steps));
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
            if (adam) {
                adam(p, gradients[r], first[r], second[r], 0, p.length);
            } else if (first == null) {
                sgd(p, gradients[r], 0, p.length);
            } else {
                momentum(p, gradients[r], first[r], 0, p.length);
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

    private void sgd(float[] p, float[] g, int from, int to) {
        float lr = learningRate;
        float wd = weightDecay;
        if (wd == 0) {
            for (int j = from; j < to; j++) {
                p[j] -= lr * g[j];
            }
        } else {
            for (int j = from; j < to; j++) {
                p[j] -= lr * (g[j] + wd * p[j]);
            }
        }
    }

    private void momentum(float[] p, float[] g, float[] buffer, int from, int to) {
        float lr = learningRate;
        float wd = weightDecay;
        float mu = momentum;
        boolean firstStep = false;
        for (int j = from; j < to; j++) {
            float d = wd == 0 ? g[j] : g[j] + wd * p[j];
            float b = firstStep ? d : mu * buffer[j] + d;
            buffer[j] = b;
            p[j] -= lr * (nesterov ? d + mu * b : b);
        }
    }

    private void adam(float[] p, float[] g, float[] m, float[] v, int from, int to) {
        float lr = stepSize;
        float wd = weightDecay;
        float b1 = (float) beta1;
        float c1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float c2 = (float) (1 - beta2);
        float root = correction2Sqrt;
        float eps = epsilon;
        for (int j = from; j < to; j++) {
            float d = wd == 0 ? g[j] : g[j] + wd * p[j];
            float mj = b1 * m[j] + c1 * d;
            float vj = b2 * v[j] + c2 * d * d;
            m[j] = mj;
            v[j] = vj;
            p[j] -= lr * mj / ((float) Math.sqrt(vj) / root + eps);
        }
    }
}
