package org.initlab.backends.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.initlab.core.optim.FloatUpdateRule;
import org.initlab.core.optim.OptimizerSpec;

/**
 * Core's {@link FloatUpdateRule} (the rules of {@link OptimizerSpec}) written with in-place {@link NDArray}
 * operations in the order {@code torch.optim.SGD} and {@code torch.optim.Adam} (single-tensor, non-capturable
 * code path) perform them, with the rule's scalars: rounded to float once, the per-step Adam scalars (bias
 * corrections, step size) computed in double first, as in PyTorch.
 *
 * <p>Must be called with gradient recording off and inside an {@link NDScope}: the temporaries of a step are
 * registered there and closed with it; the optimizer state lives in the session's manager.
 */
abstract class DjlOptimizer {

    /**
     * Updates every parameter in place.
     *
     * @param parameters the parameters, in network order
     * @param gradients  the gradient of the mean loss of each parameter, same order and shapes
     */
    abstract void step(NDArray[] parameters, NDArray[] gradients);

    /**
     * @param spec       the optimizer
     * @param parameters the parameters it will update (for the shapes of its state)
     * @param manager    the manager that owns the optimizer state
     * @return the optimizer
     */
    static DjlOptimizer of(OptimizerSpec spec, NDArray[] parameters, NDManager manager) {
        FloatUpdateRule rule = FloatUpdateRule.of(spec);
        if (rule instanceof FloatUpdateRule.Sgd sgd) {
            return new Sgd(sgd, manager);
        }
        return new Adam((FloatUpdateRule.Adam) rule, parameters, manager);
    }

    /** {@code g + wd p}, PyTorch's L2 weight decay, or {@code g} itself when the decay is zero. */
    static NDArray withWeightDecay(NDArray gradient, NDArray parameter, float weightDecay) {
        return weightDecay == 0 ? gradient : gradient.add(parameter.mul(weightDecay));
    }

    /**
     * {@code torch.optim.SGD}: {@code d = g + wd p}; {@code b = clone(d)} on the first step, else
     * {@code b = mu b + d}; {@code d = d + mu b} with Nesterov, else {@code d = b}; {@code p = p - lr d}.
     */
    static final class Sgd extends DjlOptimizer {
        private final float learningRate;
        private final float momentum;
        private final boolean nesterov;
        private final float weightDecay;
        private final NDManager manager;
        private NDArray[] buffers;

        Sgd(FloatUpdateRule.Sgd rule, NDManager manager) {
            this.learningRate = rule.learningRate();
            this.momentum = rule.momentum();
            this.nesterov = rule.nesterov();
            this.weightDecay = rule.weightDecay();
            this.manager = manager;
        }

        @Override
        void step(NDArray[] parameters, NDArray[] gradients) {
            boolean first = buffers == null;
            if (first && momentum != 0) {
                buffers = new NDArray[parameters.length];
            }
            for (int i = 0; i < parameters.length; i++) {
                NDArray parameter = parameters[i];
                NDArray d = withWeightDecay(gradients[i], parameter, weightDecay);
                if (momentum != 0) {
                    NDArray buffer;
                    if (first) {
                        buffer = d.duplicate();
                        NDScope.unregister(buffer);
                        buffer.attach(manager);
                        buffers[i] = buffer;
                    } else {
                        buffer = buffers[i];
                        buffer.muli(momentum).addi(d);
                    }
                    d = nesterov ? d.add(buffer.mul(momentum)) : buffer;
                }
                parameter.subi(d.mul(learningRate));
            }
        }
    }

    /**
     * {@code torch.optim.Adam} without amsgrad: {@code d = g + wd p}; {@code m = b1 m + (1 - b1) d};
     * {@code v = b2 v + (1 - b2) d d}; {@code p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
     */
    static final class Adam extends DjlOptimizer {
        private final FloatUpdateRule.Adam rule;
        private final NDArray[] first;
        private final NDArray[] second;
        private int step;

        Adam(FloatUpdateRule.Adam rule, NDArray[] parameters, NDManager manager) {
            this.rule = rule;
            this.first = new NDArray[parameters.length];
            this.second = new NDArray[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                first[i] = manager.zeros(parameters[i].getShape(), parameters[i].getDataType());
                second[i] = manager.zeros(parameters[i].getShape(), parameters[i].getDataType());
            }
        }

        @Override
        void step(NDArray[] parameters, NDArray[] gradients) {
            step++;
            float beta1 = rule.beta1Float();
            float beta2 = rule.beta2Float();
            float stepSize = rule.stepSize(step);
            float correction2Sqrt = rule.correction2Sqrt(step);
            float keep1 = rule.keep1();
            float keep2 = rule.keep2();
            float epsilon = rule.epsilon();
            float weightDecay = rule.weightDecay();
            for (int i = 0; i < parameters.length; i++) {
                NDArray parameter = parameters[i];
                NDArray d = withWeightDecay(gradients[i], parameter, weightDecay);
                first[i].muli(beta1).addi(d.mul(keep1));
                second[i].muli(beta2).addi(d.mul(d).muli(keep2));
                NDArray denominator = second[i].sqrt().divi(correction2Sqrt).addi(epsilon);
                parameter.subi(first[i].div(denominator).muli(stepSize));
            }
        }
    }
}
