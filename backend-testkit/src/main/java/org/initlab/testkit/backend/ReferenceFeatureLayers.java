package org.initlab.testkit.backend;

import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.RmsNormLayer;

/**
 * The reference passes of the per-sample layers, written straight from the Javadoc of {@link LayerNormLayer},
 * {@link RmsNormLayer} and {@link GlobalAvgPool2dLayer}, in double precision. The statistics are recomputed
 * in the backward pass from the layer's input, so nothing is remembered between the passes.
 */
final class ReferenceFeatureLayers {
    private ReferenceFeatureLayers() {
    }

    /** @return whether this class implements the layer */
    static boolean handles(Layer layer) {
        return layer instanceof LayerNormLayer || layer instanceof RmsNormLayer || layer instanceof GlobalAvgPool2dLayer;
    }

    /**
     * @param weight the layer's weight (normalizations), else ignored
     * @param bias   layer normalization's bias, else ignored (may be null)
     * @return the layer's output
     */
    static double[] forward(Layer layer, double[] x, int batch, FeatureShape in, double[] weight, double[] bias) {
        if (layer instanceof GlobalAvgPool2dLayer) {
            int positions = in.height() * in.width();
            double[] y = new double[batch * in.channels()];
            for (int r = 0; r < y.length; r++) {
                for (int k = 0; k < positions; k++) {
                    y[r] += x[r * positions + k] / positions;
                }
            }
            return y;
        }
        int n = in.size();
        double eps = eps(layer);
        boolean centred = layer instanceof LayerNormLayer;
        double[] y = new double[x.length];
        for (int b = 0; b < batch; b++) {
            double mean = centred ? mean(x, b * n, n) : 0;
            double meanSquare = 0;
            for (int k = 0; k < n; k++) {
                meanSquare += (x[b * n + k] - mean) * (x[b * n + k] - mean) / n;
            }
            double scale = 1 / Math.sqrt(meanSquare + eps);
            for (int k = 0; k < n; k++) {
                y[b * n + k] = (x[b * n + k] - mean) * scale * weight[k] + (centred ? bias[k] : 0);
            }
        }
        return y;
    }

    /**
     * Accumulates the parameter gradients into {@code gw} and {@code gb} (null where the layer has none).
     *
     * @return dL/dx
     */
    static double[] backward(Layer layer, double[] x, double[] dy, int batch, FeatureShape in, double[] weight,
                             double[] gw, double[] gb) {
        if (layer instanceof GlobalAvgPool2dLayer) {
            int positions = in.height() * in.width();
            double[] dx = new double[x.length];
            for (int k = 0; k < dx.length; k++) {
                dx[k] = dy[k / positions] / positions;
            }
            return dx;
        }
        int n = in.size();
        double eps = eps(layer);
        boolean centred = layer instanceof LayerNormLayer;
        double[] dx = new double[x.length];
        for (int b = 0; b < batch; b++) {
            int base = b * n;
            double mean = centred ? mean(x, base, n) : 0;
            double meanSquare = 0;
            for (int k = 0; k < n; k++) {
                meanSquare += (x[base + k] - mean) * (x[base + k] - mean) / n;
            }
            double s = 1 / Math.sqrt(meanSquare + eps);
            // y_k = w_k (x_k - mean) s (+ b_k); dL/dxhat_k = dy_k w_k; with xhat = (x - mean) s:
            // dL/dx_j = s (g_j - mean(g) [centred] - xhat_j mean(g xhat))
            double meanG = 0;
            double meanGXhat = 0;
            for (int k = 0; k < n; k++) {
                double xhat = (x[base + k] - mean) * s;
                double g = dy[base + k] * weight[k];
                meanG += g / n;
                meanGXhat += g * xhat / n;
                gw[k] += dy[base + k] * xhat;
                if (gb != null) {
                    gb[k] += dy[base + k];
                }
            }
            for (int k = 0; k < n; k++) {
                double xhat = (x[base + k] - mean) * s;
                double g = dy[base + k] * weight[k];
                dx[base + k] = s * (g - (centred ? meanG : 0) - xhat * meanGXhat);
            }
        }
        return dx;
    }

    private static double mean(double[] x, int base, int n) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += x[base + k];
        }
        return sum / n;
    }

    private static double eps(Layer layer) {
        return layer instanceof LayerNormLayer ln ? ln.eps() : ((RmsNormLayer) layer).eps();
    }
}
