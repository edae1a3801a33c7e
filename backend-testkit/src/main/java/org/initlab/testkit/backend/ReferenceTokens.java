package org.initlab.testkit.backend;

import java.util.Map;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.Layer;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.core.model.TokenPool;

/**
 * The reference passes of the token layers of a vision transformer, written from their Javadoc in double
 * precision: the {@link PatchEmbedding} (the reference convolution of {@link ReferenceLayers}, then PyTorch's
 * {@code flatten(2).transpose(1, 2)}: token {@code t = py * W/P + px}, feature {@code d}), the {@link ClassToken}
 * (prepended as token 0), the {@link PositionalEmbedding} ({@code x + pos}, one table for every sample) and the
 * {@link TokenPool} (token 0, or the mean over tokens). A sequence sample is row-major {@code [T, D]}.
 */
final class ReferenceTokens {
    private ReferenceTokens() {
    }

    /** @return whether this class implements the layer */
    static boolean handles(Layer layer) {
        return layer instanceof PatchEmbedding || layer instanceof ClassToken || layer instanceof PositionalEmbedding
                || layer instanceof TokenPool;
    }

    static double[] forward(ReferenceNetwork net, Layer layer, String path, double[] x, int batch, FeatureShape in,
                            FeatureShape out) {
        if (layer instanceof PatchEmbedding p) {
            FeatureShape map = patchMap(p, in);
            double[] conv = ReferenceLayers.convolution(x, batch, in, map, p.convolution(),
                    net.parameter(path + ".weight"), net.parameter(path + ".bias"));
            return transpose(conv, batch, p.dim(), map.height() * map.width());
        } else if (layer instanceof ClassToken c) {
            double[] token = net.parameter(path + "." + ClassToken.PARAMETER);
            int n = in.size();
            double[] y = new double[batch * out.size()];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(token, 0, y, b * out.size(), c.dim());
                System.arraycopy(x, b * n, y, b * out.size() + c.dim(), n);
            }
            return y;
        } else if (layer instanceof PositionalEmbedding) {
            double[] pos = net.parameter(path + "." + PositionalEmbedding.PARAMETER);
            double[] y = x.clone();
            for (int k = 0; k < y.length; k++) {
                y[k] += pos[k % pos.length];
            }
            return y;
        }
        TokenPool pool = (TokenPool) layer;
        int tokens = in.tokens();
        int dim = in.dim();
        double[] y = new double[batch * dim];
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) {
                if (pool.mode() == TokenPool.Mode.CLS) {
                    y[b * dim + d] = x[b * tokens * dim + d];
                } else {
                    double sum = 0;
                    for (int t = 0; t < tokens; t++) {
                        sum += x[(b * tokens + t) * dim + d];
                    }
                    y[b * dim + d] = sum / tokens;
                }
            }
        }
        return y;
    }

    /**
     * Accumulates the parameter gradients and returns the gradient of the layer's input.
     */
    static double[] backward(Layer layer, String path, ReferenceNetwork net, double[] x, double[] dy, int batch,
                             FeatureShape in, FeatureShape out, Map<String, double[]> gradients) {
        if (layer instanceof PatchEmbedding p) {
            FeatureShape map = patchMap(p, in);
            int positions = map.height() * map.width();
            double[] dConv = new double[dy.length];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < positions; t++) {
                    for (int d = 0; d < p.dim(); d++) {
                        dConv[(b * p.dim() + d) * positions + t] = dy[(b * positions + t) * p.dim() + d];
                    }
                }
            }
            return ReferenceLayers.convolutionBackward(x, dConv, batch, in, map, p.convolution(),
                    net.parameter(path + ".weight"), gradients.get(path + ".weight"), gradients.get(path + ".bias"));
        } else if (layer instanceof ClassToken c) {
            double[] gToken = gradients.get(path + "." + ClassToken.PARAMETER);
            int n = in.size();
            double[] dx = new double[batch * n];
            for (int b = 0; b < batch; b++) {
                for (int d = 0; d < c.dim(); d++) {
                    gToken[d] += dy[b * out.size() + d];
                }
                System.arraycopy(dy, b * out.size() + c.dim(), dx, b * n, n);
            }
            return dx;
        } else if (layer instanceof PositionalEmbedding) {
            double[] gPos = gradients.get(path + "." + PositionalEmbedding.PARAMETER);
            for (int k = 0; k < dy.length; k++) {
                gPos[k % gPos.length] += dy[k];
            }
            return dy.clone();
        }
        TokenPool pool = (TokenPool) layer;
        int tokens = in.tokens();
        int dim = in.dim();
        double[] dx = new double[batch * tokens * dim];
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) {
                if (pool.mode() == TokenPool.Mode.CLS) {
                    dx[b * tokens * dim + d] = dy[b * dim + d];
                } else {
                    for (int t = 0; t < tokens; t++) {
                        dx[(b * tokens + t) * dim + d] = dy[b * dim + d] / tokens;
                    }
                }
            }
        }
        return dx;
    }

    /** @return the convolution's output map {@code (D, H/P, W/P)} */
    private static FeatureShape patchMap(PatchEmbedding p, FeatureShape image) {
        return FeatureShape.map(p.dim(), image.height() / p.patch(), image.width() / p.patch());
    }

    /** @return {@code [batch, D, T]} as {@code [batch, T, D]} */
    private static double[] transpose(double[] conv, int batch, int dim, int positions) {
        double[] y = new double[conv.length];
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) {
                for (int t = 0; t < positions; t++) {
                    y[(b * positions + t) * dim + d] = conv[(b * dim + d) * positions + t];
                }
            }
        }
        return y;
    }
}
