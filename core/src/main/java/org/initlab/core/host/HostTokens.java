package org.initlab.core.host;

import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.TokenPool;

/**
 * The token layers of a vision transformer and their gradients: the patch embedding (a stride-{@code P}
 * convolution whose {@code [D, T]} output is read token-major as {@code [T, D]}), the class token (prepended),
 * the positional embedding (added) and token pooling (first token or mean).
 */
final class HostTokens {
    private HostTokens() {
    }

    /** @return the patch embedding's tokens {@code [batch, T, D]} */
    static double[] patchForward(Parallel parallel, PatchEmbedding layer, FeatureShape in, double[] x, int batch,
                                 float[] weight, float[] bias) {
        double[] maps = new HostConvolution(layer.convolution(), in, parallel).forward(x, batch, weight, bias);
        return transpose(maps, batch, layer.dim(), maps.length / batch / layer.dim());
    }

    /**
     * @param dWeight receives dL/dweight
     * @param dBias   receives dL/dbias
     * @return dL/dx when {@code input}, else null
     */
    static double[] patchBackward(Parallel parallel, PatchEmbedding layer, FeatureShape in, double[] x, double[] dy,
                                  int batch, float[] weight, double[] dWeight, double[] dBias, boolean input) {
        int tokens = dy.length / batch / layer.dim();
        double[] dMaps = transpose(dy, batch, tokens, layer.dim());
        HostConvolution kernel = new HostConvolution(layer.convolution(), in, parallel);
        kernel.parameterGradients(dMaps, x, batch, dWeight, dBias);
        return input ? kernel.inputGradient(dMaps, batch, weight) : null;
    }

    /** @return {@code [batch, cols, rows]} from {@code [batch, rows, cols]} */
    private static double[] transpose(double[] values, int batch, int rows, int cols) {
        double[] out = new double[values.length];
        for (int b = 0; b < batch; b++) {
            int base = b * rows * cols;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[base + c * rows + r] = values[base + r * cols + c];
                }
            }
        }
        return out;
    }

    /** @return {@code [batch, T + 1, D]}: the token, then the input's tokens */
    static double[] classTokenForward(double[] x, int batch, float[] token) {
        int dim = token.length;
        int size = x.length / batch;
        double[] y = new double[x.length + batch * dim];
        for (int b = 0; b < batch; b++) {
            int out = b * (size + dim);
            for (int d = 0; d < dim; d++) {
                y[out + d] = token[d];
            }
            System.arraycopy(x, b * size, y, out + dim, size);
        }
        return y;
    }

    /**
     * @param dToken receives dL/dclass_token, the first token's gradient summed over the batch
     * @return dL/dx when {@code input}, else null
     */
    static double[] classTokenBackward(double[] dy, int batch, double[] dToken, boolean input) {
        int dim = dToken.length;
        int size = dy.length / batch - dim;
        for (int b = 0; b < batch; b++) {
            for (int d = 0; d < dim; d++) {
                dToken[d] += dy[b * (size + dim) + d];
            }
        }
        if (!input) {
            return null;
        }
        double[] dx = new double[batch * size];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dy, b * (size + dim) + dim, dx, b * size, size);
        }
        return dx;
    }

    /** @return {@code x + pos_embedding}, the embedding broadcast over the batch */
    static double[] positionsForward(double[] x, int batch, float[] positions) {
        double[] y = new double[x.length];
        int size = positions.length;
        for (int k = 0; k < y.length; k++) {
            y[k] = x[k] + positions[k % size];
        }
        return y;
    }

    /** Fills dL/dpos_embedding, the output gradient summed over the batch; dL/dx is {@code dy} itself. */
    static void positionsBackward(double[] dy, double[] dPositions) {
        int size = dPositions.length;
        for (int k = 0; k < dy.length; k++) {
            dPositions[k % size] += dy[k];
        }
    }

    /** @return the pooled {@code [batch, D]}: the first token, or the mean of the tokens */
    static double[] poolForward(TokenPool layer, FeatureShape in, double[] x, int batch) {
        int tokens = in.tokens();
        int dim = in.dim();
        double[] y = new double[batch * dim];
        for (int b = 0; b < batch; b++) {
            int base = b * tokens * dim;
            if (layer.mode() == TokenPool.Mode.CLS) {
                System.arraycopy(x, base, y, b * dim, dim);
                continue;
            }
            for (int t = 0; t < tokens; t++) {
                for (int d = 0; d < dim; d++) {
                    y[b * dim + d] += x[base + t * dim + d];
                }
            }
            for (int d = 0; d < dim; d++) {
                y[b * dim + d] /= tokens;
            }
        }
        return y;
    }

    /** @return dL/dx: the gradient on the first token only, or spread evenly over the tokens */
    static double[] poolBackward(TokenPool layer, FeatureShape in, double[] dy, int batch) {
        int tokens = in.tokens();
        int dim = in.dim();
        double[] dx = new double[batch * tokens * dim];
        for (int b = 0; b < batch; b++) {
            int base = b * tokens * dim;
            if (layer.mode() == TokenPool.Mode.CLS) {
                System.arraycopy(dy, b * dim, dx, base, dim);
                continue;
            }
            for (int t = 0; t < tokens; t++) {
                for (int d = 0; d < dim; d++) {
                    dx[base + t * dim + d] = dy[b * dim + d] / tokens;
                }
            }
        }
        return dx;
    }
}
