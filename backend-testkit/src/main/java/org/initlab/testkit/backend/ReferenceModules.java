package org.initlab.testkit.backend;

import java.util.Map;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.GateLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.ScalarBiasLayer;
import org.initlab.core.model.TransformerBlock;
import org.initlab.testkit.backend.ReferenceNormalization.BatchStatistics;

/**
 * The forward and backward pass of one module of a {@link ReferenceNetwork} under its module path (a layer
 * index such as {@code 3}, or {@code 3.branch.1} inside residual block 3): the dispatch from a {@link Layer} to
 * its reference pass in {@link ReferenceLayers}, {@link ReferenceNormalization}, {@link ReferenceFeatureLayers},
 * {@link ReferenceResidual}, {@link ReferenceTokens} and {@link ReferenceTransformer}, with the parameters read
 * as {@code <path>.weight}, {@code <path>.bias}, {@code <path>.alpha}. What a module remembers for its backward
 * pass (argmax indices, batch statistics, dropout scales, a block's inner values) is kept in a memo under its
 * path.
 */
final class ReferenceModules {
    private ReferenceModules() {
    }

    /**
     * @param net      the network whose parameters, running statistics and dropout masks the module uses
     * @param layer    the module
     * @param path     its module path
     * @param x        its input
     * @param batch    the number of samples
     * @param in       the input shape of one sample
     * @param out      the output shape of one sample
     * @param training whether this is a training-mode pass
     * @param memo     receives what the backward pass needs, under {@code path}
     * @return the module's output
     */
    static double[] forward(ReferenceNetwork net, Layer layer, String path, double[] x, int batch, FeatureShape in,
                            FeatureShape out, boolean training, Map<String, Object> memo) {
        if (layer instanceof DenseLayer d) {
            return ReferenceLayers.dense(x, batch, d, net.parameter(path + ".weight"), net.parameter(path + ".bias"));
        } else if (layer instanceof Conv2dLayer c) {
            return ReferenceLayers.convolution(x, batch, in, out, c, net.parameter(path + ".weight"),
                    net.parameter(path + ".bias"));
        } else if (layer instanceof ActivationLayer a) {
            return ReferenceLayers.activate(a.activation(), x);
        } else if (layer instanceof MaxPool2dLayer p) {
            int[] argmax = new int[batch * out.size()];
            memo.put(path, argmax);
            return ReferenceLayers.maxPool(x, batch, in, out, p, argmax);
        } else if (layer instanceof AvgPool2dLayer p) {
            return ReferenceLayers.avgPool(x, batch, in, out, p);
        } else if (layer instanceof BatchNormLayer bn) {
            double[] normalized;
            if (training) {
                BatchStatistics stats = ReferenceNormalization.statistics(x, batch, in, bn);
                memo.put(path, stats);
                normalized = stats.normalized();
            } else {
                normalized = ReferenceNormalization.normalize(x, batch, in, net.runningMean(path),
                        net.runningVariance(path), bn.eps());
            }
            return ReferenceNormalization.scaleAndShift(normalized, in, net.parameter(path + ".weight"),
                    net.parameter(path + ".bias"));
        } else if (layer instanceof DropoutLayer d && training) {
            boolean[] kept = d.probability() == 0 ? ReferenceLayers.allKept(x.length)
                    : net.dropoutMasks().kept(dropoutIndex(path), x.length);
            double[] scales = ReferenceNormalization.dropoutScales(kept, d.probability(), x.length);
            memo.put(path, scales);
            return ReferenceNormalization.multiply(x, scales);
        } else if (layer instanceof DropoutLayer || layer instanceof FlattenLayer) {
            return x;
        } else if (ReferenceFeatureLayers.handles(layer)) {
            return ReferenceFeatureLayers.forward(layer, x, batch, in, net.parameters().get(path + ".weight"),
                    net.parameters().get(path + ".bias"));
        } else if (layer instanceof GateLayer) {
            double alpha = net.parameter(path + ".alpha")[0];
            double[] y = new double[x.length];
            for (int k = 0; k < y.length; k++) {
                y[k] = alpha * x[k];
            }
            return y;
        } else if (layer instanceof ScalarBiasLayer) {
            double b = net.parameter(path + ".bias")[0];
            double[] y = new double[x.length];
            for (int k = 0; k < y.length; k++) {
                y[k] = x[k] + b;
            }
            return y;
        } else if (layer instanceof ResidualBlock block) {
            return ReferenceResidual.forward(net, block, path, x, batch, in, training, memo);
        } else if (ReferenceTokens.handles(layer)) {
            return ReferenceTokens.forward(net, layer, path, x, batch, in, out);
        } else if (layer instanceof TransformerBlock block) {
            return ReferenceTransformer.forward(net, block, path, x, batch, in, memo);
        }
        throw new IllegalArgumentException("the reference does not know " + layer);
    }

    /**
     * Accumulates the module's parameter gradients into {@code gradients} and returns the gradient of its input.
     *
     * @param net       the network
     * @param layer     the module
     * @param path      its module path
     * @param x         its input in the forward pass
     * @param y         its output in the forward pass
     * @param dy        the gradient of the loss with respect to {@code y}
     * @param batch     the number of samples
     * @param in        the input shape of one sample
     * @param out       the output shape of one sample
     * @param memo      what the training-mode forward pass remembered
     * @param gradients the gradient of every parameter by path, accumulated into
     * @return the gradient of the loss with respect to {@code x}
     */
    static double[] backward(ReferenceNetwork net, Layer layer, String path, double[] x, double[] y, double[] dy,
                             int batch, FeatureShape in, FeatureShape out, Map<String, Object> memo,
                             Map<String, double[]> gradients) {
        double[] gw = gradients.get(path + ".weight");
        double[] gb = gradients.get(path + ".bias");
        if (layer instanceof DenseLayer d) {
            return ReferenceLayers.denseBackward(x, dy, batch, d, net.parameter(path + ".weight"), gw, gb);
        } else if (layer instanceof Conv2dLayer c) {
            return ReferenceLayers.convolutionBackward(x, dy, batch, in, out, c, net.parameter(path + ".weight"), gw,
                    gb);
        } else if (layer instanceof ActivationLayer a) {
            return ReferenceLayers.activationBackward(a.activation(), x, y, dy);
        } else if (layer instanceof MaxPool2dLayer) {
            return ReferenceLayers.maxPoolBackward(dy, (int[]) memo.get(path), x.length);
        } else if (layer instanceof AvgPool2dLayer p) {
            return ReferenceLayers.avgPoolBackward(dy, batch, in, out, p);
        } else if (layer instanceof BatchNormLayer bn) {
            return ReferenceNormalization.backward(dy, batch, in, bn, (BatchStatistics) memo.get(path),
                    net.parameter(path + ".weight"), gw, gb);
        } else if (layer instanceof DropoutLayer) {
            return ReferenceNormalization.multiply(dy, (double[]) memo.get(path));
        } else if (ReferenceFeatureLayers.handles(layer)) {
            return ReferenceFeatureLayers.backward(layer, x, dy, batch, in, net.parameters().get(path + ".weight"),
                    gw, gb);
        } else if (layer instanceof GateLayer) {
            // y = alpha x: dalpha = sum dy * x, dx = alpha dy
            double alpha = net.parameter(path + ".alpha")[0];
            double[] dx = new double[dy.length];
            double sum = 0;
            for (int k = 0; k < dy.length; k++) {
                sum += dy[k] * x[k];
                dx[k] = alpha * dy[k];
            }
            gradients.get(path + ".alpha")[0] += sum;
            return dx;
        } else if (layer instanceof ScalarBiasLayer) {
            // y = x + b: db = sum dy, dx = dy
            double sum = 0;
            for (double g : dy) {
                sum += g;
            }
            gb[0] += sum;
            return dy.clone();
        } else if (layer instanceof ResidualBlock block) {
            return ReferenceResidual.backward(net, block, path, dy, batch, in, memo, gradients);
        } else if (ReferenceTokens.handles(layer)) {
            return ReferenceTokens.backward(layer, path, net, x, dy, batch, in, out, gradients);
        } else if (layer instanceof TransformerBlock block) {
            return ReferenceTransformer.backward(net, block, path, dy, batch, in, memo, gradients);
        }
        return dy; // flatten: the values do not move, nor do their gradients
    }

    /** @return the dropout layer's index, which keys its masks; dropout inside a block has no such index */
    private static int dropoutIndex(String path) {
        if (path.contains(".")) {
            throw new IllegalArgumentException("the reference does not implement dropout inside a residual block ("
                    + path + ")");
        }
        return Integer.parseInt(path);
    }
}
