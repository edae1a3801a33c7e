package org.initlab.core.optim;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The update rules of {@link OptimizerSpec} in float arithmetic, written once for every backend: the scalars
 * rounded to float once, as PyTorch does when it applies a Python number to a float32 tensor, the per-step Adam
 * scalars computed in double first and rounded once, and the element-wise loops in the order
 * {@code torch.optim.SGD} and {@code torch.optim.Adam} (single-tensor code path) perform them. A backend on
 * plain arrays calls the loops ({@code backend-native}); a tensor backend applies the same scalars in the same
 * order with its own operations ({@code backend-djl}). The loops allocate nothing.
 */
@API(status = INTERNAL, since = "0.1")
public sealed interface FloatUpdateRule permits FloatUpdateRule.Sgd, FloatUpdateRule.Adam {

    /**
     * @param spec the optimizer
     * @return its rule
     */
    static FloatUpdateRule of(OptimizerSpec spec) {
        if (spec instanceof OptimizerSpec.Sgd s) {
            return new Sgd((float) s.learningRate(), (float) s.momentum(), s.nesterov(), (float) s.weightDecay());
        }
        OptimizerSpec.Adam a = (OptimizerSpec.Adam) spec;
        return new Adam(a.learningRate(), a.beta1(), a.beta2(), (float) a.epsilon(), (float) a.weightDecay());
    }

    /**
     * {@code torch.optim.SGD}: {@code d = g + wd p}; {@code b = d} on the first step, else {@code b = mu b + d}
     * (the same, as the buffer starts at zero); {@code d = d + mu b} with Nesterov, else {@code d = b};
     * {@code p = p - lr d}.
     *
     * @param learningRate {@code lr}
     * @param momentum     {@code mu}; 0 for plain SGD
     * @param nesterov     Nesterov momentum
     * @param weightDecay  {@code wd}
     */
    record Sgd(float learningRate, float momentum, boolean nesterov, float weightDecay) implements FloatUpdateRule {
        /** @return whether the rule keeps a momentum buffer per parameter */
        public boolean hasMomentum() {
            return momentum != 0;
        }

        /**
         * Plain SGD on {@code p[from, to)}.
         *
         * @param p    parameters, updated in place
         * @param g    gradients
         * @param from first element
         * @param to   one past the last element
         */
        public void apply(float[] p, float[] g, int from, int to) {
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

        /**
         * SGD with momentum on {@code p[from, to)}.
         *
         * @param p      parameters, updated in place
         * @param g      gradients
         * @param buffer the momentum buffer, zero before the first step, updated in place
         * @param from   first element
         * @param to     one past the last element
         */
        public void apply(float[] p, float[] g, float[] buffer, int from, int to) {
            float lr = learningRate;
            float wd = weightDecay;
            float mu = momentum;
            for (int j = from; j < to; j++) {
                float d = wd == 0 ? g[j] : g[j] + wd * p[j];
                float b = mu * buffer[j] + d;
                buffer[j] = b;
                p[j] -= lr * (nesterov ? d + mu * b : b);
            }
        }
    }

    /**
     * {@code torch.optim.Adam} without amsgrad: {@code d = g + wd p}; {@code m = b1 m + (1 - b1) d};
     * {@code v = b2 v + (1 - b2) d d}; {@code p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
     *
     * @param learningRate {@code lr}, kept in double for the step size
     * @param beta1        {@code b1}, kept in double for the bias correction
     * @param beta2        {@code b2}, kept in double for the bias correction
     * @param epsilon      {@code eps}
     * @param weightDecay  {@code wd}
     */
    record Adam(double learningRate, double beta1, double beta2, float epsilon, float weightDecay)
            implements FloatUpdateRule {
        /** @return {@code b1} as float */
        public float beta1Float() {
            return (float) beta1;
        }

        /** @return {@code 1 - b1} as float */
        public float keep1() {
            return (float) (1 - beta1);
        }

        /** @return {@code b2} as float */
        public float beta2Float() {
            return (float) beta2;
        }

        /** @return {@code 1 - b2} as float */
        public float keep2() {
            return (float) (1 - beta2);
        }

        /**
         * @param step the step number, from 1
         * @return {@code lr / (1 - b1^step)}, computed in double and rounded once
         */
        public float stepSize(int step) {
            return (float) (learningRate / (1 - Math.pow(beta1, step)));
        }

        /**
         * @param step the step number, from 1
         * @return {@code sqrt(1 - b2^step)}, computed in double and rounded once
         */
        public float correction2Sqrt(int step) {
            return (float) Math.sqrt(1 - Math.pow(beta2, step));
        }

        /**
         * Adam on {@code p[from, to)} with the scalars of one step.
         *
         * @param p               parameters, updated in place
         * @param g               gradients
         * @param m               first moments, updated in place
         * @param v               second moments, updated in place
         * @param stepSize        {@link #stepSize(int)} of this step
         * @param correction2Sqrt {@link #correction2Sqrt(int)} of this step
         * @param from            first element
         * @param to              one past the last element
         */
        public void apply(float[] p, float[] g, float[] m, float[] v, float stepSize, float correction2Sqrt,
                          int from, int to) {
            float wd = weightDecay;
            float b1 = beta1Float();
            float c1 = keep1();
            float b2 = beta2Float();
            float c2 = keep2();
            float eps = epsilon;
            for (int j = from; j < to; j++) {
                float d = wd == 0 ? g[j] : g[j] + wd * p[j];
                float mj = b1 * m[j] + c1 * d;
                float vj = b2 * v[j] + c2 * d * d;
                m[j] = mj;
                v[j] = vj;
                p[j] -= stepSize * mj / ((float) Math.sqrt(vj) / correction2Sqrt + eps);
            }
        }
    }
}
