package org.initlab.backends.nativebackend;

import java.util.ArrayList;
import java.util.List;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.core.model.ScalarLayer;
import org.initlab.core.model.TokenPool;
import org.initlab.core.model.TransformerBlock;
import org.initlab.spi.ParameterSpec;

/**
 * Builds the {@link NativeLayer} of a {@link Layer} between two boundaries, under its module path: a layer index
 * ({@code 4}) at the top level, or {@code 3.branch.1} inside residual block 3. The per-layer classes read their
 * parameters as {@code <index>.weight}; a layer inside a block gets index 0 and a view of the parameters in which
 * its own {@code <path>.weight} is named {@code 0.weight}, so that those classes stay as they are.
 */
final class NativeLayers {
    private NativeLayers() {
    }

    /**
     * @param layer    the layer
     * @param path     its module path
     * @param in       its input boundary
     * @param out      its output boundary
     * @param initial  the network's initial parameters
     * @param seed     the session seed (dropout masks)
     * @param maxBatch the largest batch
     * @return the layer's implementation, with its buffers allocated
     * @throws IllegalArgumentException when a parameter is missing or has the wrong length, or the layer is not
     *                                  implemented
     */
    static NativeLayer create(Layer layer, String path, Boundary in, Boundary out, ParameterSet initial, long seed,
                              int maxBatch) {
        if (layer instanceof ResidualBlock block) {
            return new NativeResidual(block, path, in, out, initial, seed, maxBatch);
        } else if (layer instanceof ScalarLayer scalar) {
            return new NativeScalar(scalar, path, in, out, initial, maxBatch);
        }
        boolean nested = path.contains(".");
        int index = nested ? 0 : Integer.parseInt(path);
        ParameterSet own = nested ? scoped(initial, path) : initial;
        if (layer instanceof DenseLayer d) {
            return new NativeDense(d, index, in, out, own);
        } else if (layer instanceof ActivationLayer a) {
            return new NativeActivation(a.activation(), in, out);
        } else if (layer instanceof Conv2dLayer c) {
            if (NativeDirectConv.suits(c, in.shape)) {
                return new NativeDirectConv(c, index, in, out, own, maxBatch);
            }
            return NativeWinogradConv.suits(c, out.shape.width())
                    ? new NativeWinogradConv(c, index, in, out, own, maxBatch)
                    : new NativeConv2d(c, index, in, out, own, maxBatch);
        } else if (layer instanceof MaxPool2dLayer p) {
            return new NativePool2d(true, p.kernel(), p.stride(), in, out, maxBatch);
        } else if (layer instanceof AvgPool2dLayer p) {
            return new NativePool2d(false, p.kernel(), p.stride(), in, out, maxBatch);
        } else if (layer instanceof FlattenLayer) {
            return new NativeFlatten(in, out);
        } else if (layer instanceof BatchNormLayer n) {
            return new NativeBatchNorm(n, index, in, out, own);
        } else if (layer instanceof DropoutLayer d && !nested) {
            return new NativeDropout(d.probability(), index, in, out, seed, maxBatch);
        } else if (layer instanceof LayerNormLayer n) {
            return new NativeFeatureNorm(n, index, in, out, own, maxBatch);
        } else if (layer instanceof RmsNormLayer n) {
            return new NativeFeatureNorm(n, index, in, out, own, maxBatch);
        } else if (layer instanceof GlobalAvgPool2dLayer) {
            return new NativeGlobalPool(in, out);
        } else if (layer instanceof PatchEmbedding p && !nested) {
            return new NativePatchEmbedding(p, index, in, out, own, maxBatch);
        } else if ((layer instanceof ClassToken || layer instanceof PositionalEmbedding || layer instanceof TokenPool)
                && !nested) {
            return new NativeTokenLayer(layer, index, in, out, own);
        } else if (layer instanceof TransformerBlock t && !nested) {
            return new NativeTransformer(t, path, in, out, initial, maxBatch);
        }
        throw new IllegalArgumentException("the native backend does not implement layer " + layer
                + (nested ? " inside a residual block (" + path + ")" : ""));
    }

    /**
     * @return the parameters under {@code <path>.}, renamed to {@code 0.<name>} (the values are shared, not copied)
     */
    private static ParameterSet scoped(ParameterSet initial, String path) {
        String prefix = path + ".";
        List<ParameterTensor> own = new ArrayList<>();
        for (ParameterTensor tensor : initial.tensors()) {
            ParameterSpec spec = tensor.spec();
            if (spec.path().startsWith(prefix) && spec.path().indexOf('.', prefix.length()) < 0) {
                ParameterSpec renamed = new ParameterSpec("0." + spec.path().substring(prefix.length()), spec.role(),
                        spec.shape(), spec.layerKind(), spec.nonlinearity(), spec.layerFans(), spec.placement());
                own.add(new ParameterTensor(renamed, tensor.values()));
            }
        }
        return new ParameterSet(own);
    }
}
