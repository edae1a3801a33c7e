package org.initlab.backends.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.List;
import org.initlab.core.optim.FloatUpdateRule;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups.GroupScale;

/**
 * Core's {@link FloatUpdateRule} (the rules of {@link OptimizerSpec}) written with in-place {@link NDArray}
 * operations in the order {@code torch.optim.SGD} and {@code torch.optim.Adam} (single-tensor, non-capturable
 * code path) perform them, with the rule's scalars: rounded to float once, the per-step scalars (warmed-up
 * learning rate, Adam's bias corrections and step size) computed in double first, as in PyTorch. Each parameter
 * has the rule of its group (its own learning rate and weight decay), as a PyTorch parameter group.
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
     * @param scales     the group multipliers of each parameter, in parameter order
     * @param parameters the parameters it will update (for the shapes of its state)
     * @param manager    the manager that owns the optimizer state
     * @return the optimizer
     */
    static DjlOptimizer of(OptimizerSpec spec, List<GroupScale> scales, NDArray[] parameters, NDManager manager) {
        FloatUpdateRule[] rules = new FloatUpdateRule[parameters.length];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = FloatUpdateRule.of(spec, scales.get(i));
        }
        if (spec instanceof OptimizerSpec.Sgd) {
            return new Sgd(rules, manager);
        }
        return new Adam(rules, parameters, manager);
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
        private final FloatUpdateRule.Sgd[] rules;
        private final float momentum;
        private final boolean nesterov;
        private final NDManager manager;
        private NDArray[] buffers;
        private int step;

        Sgd(FloatUpdateRule[] rules, NDManager manager) {
            this.rules = new FloatUpdateRule.Sgd[rules.length];
            for (int i = 0; i < rules.length; i++) {
                this.rules[i] = (FloatUpdateRule.Sgd) rules[i];
            }
            FloatUpdateRule.Sgd any = rules.length == 0 ? null : this.rules[0];
            this.momentum = any == null ? 0 : any.momentum();
            this.nesterov = any != null && any.nesterov();
            this.manager = manager;
        }

        @Override
        void step(NDArray[] parameters, NDArray[] gradients) {
            step++;
            boolean first = buffers == null;
            if (first && momentum != 0) {
                buffers = new NDArray[parameters.length];
            }
            for (int i = 0; i < parameters.length; i++) {
                NDArray parameter = parameters[i];
                NDArray d = withWeightDecay(gradients[i], parameter, rules[i].weightDecay());
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
                parameter.subi(d.mul(rules[i].stepLearningRate(step)));
            }
        }
    }

    /**
     * {@code torch.optim.Adam} without amsgrad: {@code d = g + wd p}; {@code m = b1 m + (1 - b1) d};
     * {@code v = b2 v + (1 - b2) d d}; {@code p = p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
     */
    static final class Adam extends DjlOptimizer {
        private final FloatUpdateRule.Adam[] rules;
        private final NDArray[] first;
        private final NDArray[] second;
        private int step;

        Adam(FloatUpdateRule[] rules, NDArray[] parameters, NDManager manager) {
            this.rules = new FloatUpdateRule.Adam[rules.length];
            this.first = new NDArray[parameters.length];
            this.second = new NDArray[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                this.rules[i] = (FloatUpdateRule.Adam) rules[i];
                first[i] = manager.zeros(parameters[i].getShape(), parameters[i].getDataType());
                second[i] = manager.zeros(parameters[i].getShape(), parameters[i].getDataType());
            }
        }

        @Override
        void step(NDArray[] parameters, NDArray[] gradients) {
            step++;
            for (int i = 0; i < parameters.length; i++) {
                FloatUpdateRule.Adam rule = rules[i];
                NDArray parameter = parameters[i];
                NDArray d = withWeightDecay(gradients[i], parameter, rule.weightDecay());
                first[i].muli(rule.beta1Float()).addi(d.mul(rule.keep1()));
                second[i].muli(rule.beta2Float()).addi(d.mul(d).muli(rule.keep2()));
                NDArray denominator = second[i].sqrt().divi(rule.correction2Sqrt(step)).addi(rule.epsilon());
                parameter.subi(first[i].div(denominator).muli(rule.stepSize(step)));
            }
        }
    }
}
