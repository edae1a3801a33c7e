package org.initlab.core.host;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.initlab.core.model.Activation;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.GateLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.ScalarLayer;

/**
 * The forward pass of a residual block, {@code y = post(s(x) + F(x))}, and the element-wise kernels of its
 * scalar layers: the gate {@code y = alpha x} and the scalar bias {@code y = x + b}. The block's backward pass
 * is {@link HostBackward}'s, which walks into its branch and shortcut like into the network's own layers.
 */
final class HostResidual {
    private HostResidual() {
    }

    /**
     * What the forward pass of a residual block keeps.
     *
     * @param branch   the step of every branch layer, in order
     * @param shortcut the step of every shortcut layer, in order (empty for the identity)
     * @param sum      {@code s(x) + F(x)}, before the post-activation (the output itself in pre-activation form)
     */
    record Steps(List<HostLayers.Step> branch, List<HostLayers.Step> shortcut, double[] sum) {
        /** @return the branch output {@code F(x)} */
        double[] branchOutput() {
            return branch.get(branch.size() - 1).output();
        }

        /**
         * @param input the block's input
         * @return the shortcut's output {@code s(x)}: the input itself for the identity
         */
        double[] shortcutOutput(double[] input) {
            return shortcut.isEmpty() ? input : shortcut.get(shortcut.size() - 1).output();
        }
    }

    static HostLayers.Step forward(Parallel parallel, ResidualBlock block, String prefix, FeatureShape in, double[] x,
                                   int batch, Function<String, float[]> parameters) {
        Steps steps = new Steps(
                run(parallel, block.branch(), prefix + ".branch.", block.branchShapes(in), x, batch, parameters,
                        block.branch().size()),
                run(parallel, block.shortcut(), prefix + ".shortcut.", block.shortcutShapes(in), x, batch, parameters,
                        block.shortcut().size()), null);
        double[] f = steps.branchOutput();
        double[] s = steps.shortcutOutput(x);
        double[] sum = new double[f.length];
        for (int k = 0; k < sum.length; k++) {
            sum[k] = s[k] + f[k];
        }
        double[] y = HostLayers.activate(block.postActivation().orElse(Activation.IDENTITY), sum);
        return new HostLayers.Step(y, null, null, null, new Steps(steps.branch(), steps.shortcut(), sum), null);
    }

    /**
     * Runs the first {@code count} layers of a block's branch or shortcut.
     *
     * @param prefix the sequence's module path with a trailing dot ({@code 5.branch.})
     * @param shapes the input shape of every layer of the sequence, and the output shape after the last
     * @return the step of each layer run
     */
    static List<HostLayers.Step> run(Parallel parallel, List<Layer> layers, String prefix, List<FeatureShape> shapes,
                                     double[] x, int batch, Function<String, float[]> parameters, int count) {
        List<HostLayers.Step> steps = new ArrayList<>(count);
        double[] y = x;
        for (int j = 0; j < count; j++) {
            HostLayers.Step step = HostLayers.forward(parallel, layers.get(j), prefix + j, shapes.get(j), y, batch,
                    parameters);
            steps.add(step);
            y = step.output();
        }
        return List.copyOf(steps);
    }

    /** @return {@code alpha x} for a gate, {@code x + b} for a scalar bias */
    static double[] scalarForward(ScalarLayer layer, double[] x, float scalar) {
        double[] y = new double[x.length];
        if (layer instanceof GateLayer) {
            for (int k = 0; k < y.length; k++) {
                y[k] = scalar * x[k];
            }
        } else {
            for (int k = 0; k < y.length; k++) {
                y[k] = x[k] + scalar;
            }
        }
        return y;
    }

    /**
     * @param dScalar receives {@code dL/dalpha = sum(dy x)} for a gate, {@code dL/db = sum(dy)} for a scalar bias
     * @param input   whether the input gradient is needed
     * @return {@code dL/dx}: {@code alpha dy} for a gate, {@code dy} for a scalar bias; null when not needed
     */
    static double[] scalarBackward(ScalarLayer layer, double[] x, double[] dy, float scalar, double[] dScalar,
                                   boolean input) {
        boolean gate = layer instanceof GateLayer;
        double sum = 0;
        for (int k = 0; k < dy.length; k++) {
            sum += gate ? dy[k] * x[k] : dy[k];
        }
        dScalar[0] = sum;
        if (!input) {
            return null;
        }
        if (!gate) {
            return dy;
        }
        double[] dx = new double[dy.length];
        for (int k = 0; k < dx.length; k++) {
            dx[k] = scalar * dy[k];
        }
        return dx;
    }
}
