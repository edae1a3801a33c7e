package org.initlab.testkit.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Layer;
import org.initlab.core.model.ResidualBlock;

/**
 * The reference pass of a {@link ResidualBlock}, {@code y = post(s(x) + F(x))}, straight from its Javadoc: the
 * branch {@code F} and the shortcut {@code s} (the identity, or a projection) run their layers as modules under
 * {@code <path>.branch.<j>} and {@code <path>.shortcut.<j>} ({@link ReferenceModules}); backward, the sum sends
 * its gradient down both paths and the input's gradient is the sum of the branch's and the shortcut's (for the
 * identity, the sum's gradient itself).
 */
final class ReferenceResidual {
    private ReferenceResidual() {
    }

    /**
     * What a block's forward pass remembers: the input and output of every branch and shortcut layer, the sum
     * and the block's output.
     */
    private record BlockPass(List<double[]> branch, List<double[]> shortcut, double[] sum, double[] output) {
    }

    static double[] forward(ReferenceNetwork net, ResidualBlock block, String path, double[] x, int batch,
                            FeatureShape in, boolean training, Map<String, Object> memo) {
        List<double[]> branch = run(net, block.branch(), block.branchShapes(in), path + ".branch.", x, batch,
                training, memo);
        List<double[]> shortcut = run(net, block.shortcut(), block.shortcutShapes(in), path + ".shortcut.", x, batch,
                training, memo);
        double[] f = branch.get(branch.size() - 1);
        double[] s = shortcut.get(shortcut.size() - 1);
        double[] sum = new double[f.length];
        for (int k = 0; k < sum.length; k++) {
            sum[k] = s[k] + f[k];
        }
        double[] y = block.postActivation().map(a -> ReferenceLayers.activate(a, sum)).orElse(sum);
        memo.put(path, new BlockPass(branch, shortcut, sum, y));
        return y;
    }

    private static List<double[]> run(ReferenceNetwork net, List<Layer> layers, List<FeatureShape> shapes,
                                      String prefix, double[] x, int batch, boolean training,
                                      Map<String, Object> memo) {
        List<double[]> values = new ArrayList<>();
        values.add(x);
        double[] h = x;
        for (int j = 0; j < layers.size(); j++) {
            h = ReferenceModules.forward(net, layers.get(j), prefix + j, h, batch, shapes.get(j), shapes.get(j + 1),
                    training, memo);
            values.add(h);
        }
        return values;
    }

    static double[] backward(ReferenceNetwork net, ResidualBlock block, String path, double[] dy, int batch,
                             FeatureShape in, Map<String, Object> memo, Map<String, double[]> gradients) {
        BlockPass pass = (BlockPass) memo.get(path);
        double[] dSum = block.postActivation()
                .map(a -> ReferenceLayers.activationBackward(a, pass.sum(), pass.output(), dy)).orElse(dy);
        double[] dBranch = back(net, block.branch(), block.branchShapes(in), path + ".branch.", pass.branch(), dSum,
                batch, memo, gradients);
        double[] dShortcut = back(net, block.shortcut(), block.shortcutShapes(in), path + ".shortcut.",
                pass.shortcut(), dSum, batch, memo, gradients);
        double[] dx = new double[dBranch.length];
        for (int k = 0; k < dx.length; k++) {
            dx[k] = dBranch[k] + dShortcut[k];
        }
        return dx;
    }

    private static double[] back(ReferenceNetwork net, List<Layer> layers, List<FeatureShape> shapes, String prefix,
                                 List<double[]> values, double[] dy, int batch, Map<String, Object> memo,
                                 Map<String, double[]> gradients) {
        double[] d = dy;
        for (int j = layers.size() - 1; j >= 0; j--) {
            d = ReferenceModules.backward(net, layers.get(j), prefix + j, values.get(j), values.get(j + 1), d, batch,
                    shapes.get(j), shapes.get(j + 1), memo, gradients);
        }
        return d;
    }
}
