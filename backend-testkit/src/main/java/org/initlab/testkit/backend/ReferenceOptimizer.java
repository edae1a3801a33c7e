package org.initlab.testkit.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.core.optim.ParameterGroups;

/**
 * The update rules of {@link OptimizerSpec} written out in double precision, step by step as the Javadoc
 * (and {@code torch.optim.SGD} / {@code torch.optim.Adam}) state them, with PyTorch's parameter groups (each
 * parameter's learning rate and weight decay times its {@link ParameterGroups} multipliers) and the linear
 * warm-up of {@code LambdaLR(opt, lambda s: min(1.0, (s + 1) / N))}: step {@code t} uses
 * {@code lr * min(1, t / N)}. The yardstick for a backend's optimizer in the {@link BackendCompatibilityKit}.
 */
public final class ReferenceOptimizer {
    private final OptimizerSpec spec;
    private final ParameterGroups groups;
    private final Map<String, double[]> parameters = new LinkedHashMap<>();
    private final Map<String, double[]> first = new LinkedHashMap<>();
    private final Map<String, double[]> second = new LinkedHashMap<>();
    private int step;

    /**
     * @param spec    the optimizer
     * @param initial the parameters before the first step (copied, as doubles)
     */
    public ReferenceOptimizer(OptimizerSpec spec, ParameterSet initial) {
        this(spec, ParameterGroups.uniform(), initial);
    }

    /**
     * @param spec    the optimizer
     * @param groups  the per-parameter multipliers of its learning rate and weight decay
     * @param initial the parameters before the first step (copied, as doubles)
     */
    public ReferenceOptimizer(OptimizerSpec spec, ParameterGroups groups, ParameterSet initial) {
        this.spec = spec;
        this.groups = groups;
        for (String path : initial.paths()) {
            float[] values = initial.values(path);
            double[] copy = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                copy[i] = values[i];
            }
            parameters.put(path, copy);
            first.put(path, new double[values.length]);
            second.put(path, new double[values.length]);
        }
    }

    /**
     * Applies one update.
     *
     * @param gradients the gradient of every parameter, same paths and layout as the parameters
     */
    public void step(ParameterSet gradients) {
        Map<String, double[]> doubles = new LinkedHashMap<>();
        for (String path : parameters.keySet()) {
            float[] values = gradients.values(path);
            double[] copy = new double[values.length];
            for (int k = 0; k < values.length; k++) {
                copy[k] = values[k];
            }
            doubles.put(path, copy);
        }
        step(doubles);
    }

    /**
     * Applies one update.
     *
     * @param gradients the gradient of every parameter by path, same layout as the parameters
     */
    public void step(Map<String, double[]> gradients) {
        step++;
        int warmup = spec instanceof OptimizerSpec.Sgd sgd ? sgd.warmup() : ((OptimizerSpec.Adam) spec).warmup();
        double warmupFactor = warmup == 0 ? 1 : Math.min(1, step / (double) warmup);
        for (Map.Entry<String, double[]> entry : parameters.entrySet()) {
            String path = entry.getKey();
            ParameterGroups.GroupScale scale = groups.scaleOf(path);
            double lr = spec.learningRate() * scale.learningRate() * warmupFactor;
            double[] p = entry.getValue();
            double[] grad = gradients.get(path);
            double[] m = first.get(path);
            double[] v = second.get(path);
            for (int k = 0; k < p.length; k++) {
                if (spec instanceof OptimizerSpec.Sgd sgd) {
                    double g = grad[k] + sgd.weightDecay() * scale.weightDecay() * p[k];
                    if (sgd.momentum() != 0) {
                        m[k] = step == 1 ? g : sgd.momentum() * m[k] + g;
                        g = sgd.nesterov() ? g + sgd.momentum() * m[k] : m[k];
                    }
                    p[k] -= lr * g;
                } else if (spec instanceof OptimizerSpec.Adam adam) {
                    double g = grad[k] + adam.weightDecay() * scale.weightDecay() * p[k];
                    m[k] = adam.beta1() * m[k] + (1 - adam.beta1()) * g;
                    v[k] = adam.beta2() * v[k] + (1 - adam.beta2()) * g * g;
                    double correction1 = 1 - Math.pow(adam.beta1(), step);
                    double correction2 = 1 - Math.pow(adam.beta2(), step);
                    double denominator = Math.sqrt(v[k]) / Math.sqrt(correction2) + adam.epsilon();
                    p[k] -= lr / correction1 * m[k] / denominator;
                }
            }
        }
    }

    /** @return the current parameters by path, PyTorch layout (live arrays) */
    public Map<String, double[]> parameters() {
        return parameters;
    }
}
