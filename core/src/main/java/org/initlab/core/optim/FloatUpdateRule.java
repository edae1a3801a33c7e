package org.initlab.core.optim;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The update rules of {@link OptimizerSpec} in float arithmetic, written once for every backend: the scalars
 * rounded to float once, as PyTorch does when it applies a Python number to a float32 tensor, the per-step
 * scalars (the warmed-up learning rate, Adam's bias corrections and step size) computed in double first and
 * rounded once, and the element-wise loops in the order {@code torch.optim.SGD} and {@code torch.optim.Adam}
 * (single-tensor code path) perform them. A rule belongs to one parameter group ({@link #of(OptimizerSpec,
 * ParameterGroups.GroupScale)}): its learning rate is the optimizer's times the group's multiplier, in double, as
 * the Python float {@code lr} of a PyTorch parameter group, and its weight decay likewise. A backend on plain
 * arrays calls the loops ({@code backend-native}); a tensor backend applies the same scalars in the same order
 * with its own operations ({@code backend-djl}). The loops allocate nothing.
 */
@API(status = INTERNAL, since = "0.1")
public sealed interface FloatUpdateRule permits FloatUpdateRule.Sgd, FloatUpdateRule.Adam {

    /**
     * @param spec the optimizer
     * @return its rule for a parameter without multipliers
     */
    static FloatUpdateRule of(OptimizerSpec spec) {
        return of(spec, ParameterGroups.GroupScale.ONE);
    }

    /**
     * @param spec  the optimizer
     * @param scale the multipliers of the parameter's group
     * @return the rule of that group: {@code lr * scale.learningRate} and {@code weight_decay * scale.weightDecay}
     */
    static FloatUpdateRule of(OptimizerSpec spec, ParameterGroups.GroupScale scale) {
        if (spec instanceof OptimizerSpec.Sgd s) {
            return new Sgd(s.learningRate() * scale.learningRate(), (float) s.momentum(), s.nesterov(),
                    (float) (s.weightDecay() * scale.weightDecay()), s.warmup());
        }
        OptimizerSpec.Adam a = (OptimizerSpec.Adam) spec;
        return new Adam(a.learningRate() * scale.learningRate(), a.beta1(), a.beta2(), (float) a.epsilon(),
                (float) (a.weightDecay() * scale.weightDecay()), a.warmup());
    }

    /** @return the group's learning rate before warm-up, in double */
    double learningRate();

    /** @return the warm-up steps {@code N}, 0 for none */
    int warmup();

    /**
     * @param step the optimizer step {@code t}, from 1
     * @return the learning rate of that step, {@code lr * min(1, t / N)} in double
     *         ({@link OptimizerSpec#warmupFactor(int, int)}), as PyTorch's {@code LambdaLR} sets it
     */
    default double learningRate(int step) {
        return learningRate() * OptimizerSpec.warmupFactor(warmup(), step);
    }

    /**
     * {@code torch.optim.SGD}: {@code d = g + wd p}; {@code b = d} on the first step, else {@code b = mu b + d}
     * (the same, as the buffer starts at zero); {@code d = d + mu b} with Nesterov, else {@code d = b};
     * {@code p = p - lr_t d}.
     *
     * @param learningRate {@code lr}, kept in double for the warm-up
     * @param momentum     {@code mu}; 0 for plain SGD
     * @param nesterov     Nesterov momentum
     * @param weightDecay  {@code wd}
     * @param warmup       the warm-up steps, 0 for none
     */
    record Sgd(double learningRate, float momentum, boolean nesterov, float weightDecay, int warmup)
            implements FloatUpdateRule {
        /** @return whether the rule keeps a momentum buffer per parameter */
        public boolean hasMomentum() {
            return momentum != 0;
        }

        /**
         * @param step the optimizer step, from 1
         * @return {@link #learningRate(int)} rounded once to float: the {@code lr_t} of the loops
         */
        public float stepLearningRate(int step) {
            return (float) learningRate(step);
        }

        /**
         * Plain SGD on {@code p[from, to)}.
         *
         * @param p      parameters, updated in place
         * @param g      gradients
         * @param lrStep {@link #stepLearningRate(int)} of this step
         * @param from   first element
         * @param to     one past the last element
         */
        public void apply(float[] p, float[] g, float lrStep, int from, int to) {
            float lr = lrStep;
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
         * @param lrStep {@link #stepLearningRate(int)} of this step
         * @param from   first element
         * @param to     one past the last element
         */
        public void apply(float[] p, float[] g, float[] buffer, float lrStep, int from, int to) {
            float lr = lrStep;
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
     * {@code v = b2 v + (1 - b2) d d}; {@code p = p - lr_t / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
     *
     * @param learningRate {@code lr}, kept in double for the warm-up and the step size
     * @param beta1        {@code b1}, kept in double for the bias correction
     * @param beta2        {@code b2}, kept in double for the bias correction
     * @param epsilon      {@code eps}
     * @param weightDecay  {@code wd}
     * @param warmup       the warm-up steps, 0 for none
     */
    record Adam(double learningRate, double beta1, double beta2, float epsilon, float weightDecay, int warmup)
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
         * @return {@code lr_t / (1 - b1^step)} with {@code lr_t = }{@link #learningRate(int)}, computed in double
         *         and rounded once
         */
        public float stepSize(int step) {
            return (float) (learningRate(step) / (1 - Math.pow(beta1, step)));
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
