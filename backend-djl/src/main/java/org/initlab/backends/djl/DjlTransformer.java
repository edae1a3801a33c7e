package org.initlab.backends.djl;

import static org.initlab.backends.djl.DjlNetwork.activate;
import static org.initlab.backends.djl.DjlNetwork.times;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.initlab.backends.djl.DjlNetwork.Op;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.NormPlacement;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.core.model.TokenPool;
import org.initlab.core.model.TransformerBlock;

/**
 * The vision transformer's layers as libtorch ops on {@code [batch, T, D]} token tensors, so that autograd
 * differentiates them:
 *
 * <ul>
 *   <li>{@link PatchEmbedding}: the convolution {@code Conv2d(C, D, P, stride=P)} followed by torchvision's
 *       {@code flatten(2).transpose(1, 2)} to {@code [batch, T, D]} in row-major patch order, computed as one
 *       matrix product of the non-overlapping patches ({@link #patchEmbedding});</li>
 *   <li>{@link ClassToken}: {@code cat([class_token.expand(batch, 1, D), x], dim=1)};
 *       {@link PositionalEmbedding}: {@code x + pos_embedding} (broadcast over the batch);</li>
 *   <li>{@link TransformerBlock}: {@code nn.TransformerEncoderLayer} as the block's Javadoc writes it. The
 *       attention is {@code nn.MultiheadAttention}'s: {@code qkv = linear(x, in_proj_weight, in_proj_bias)} viewed
 *       as {@code [batch, T, 3, H, d]} and permuted to {@code [3, batch, H, T, d]}; scores
 *       {@code (q / sqrt(d)) k^T} plus the causal mask ({@code -inf} above the diagonal, made once per block) when
 *       the block is causal; {@code softmax} over the last axis; {@code P v} with the heads concatenated back to
 *       {@code [batch, T, D]}; {@code linear(., out_proj.weight, out_proj.bias)}. LayerNorm is libtorch's
 *       {@code layer_norm} over the last axis (eps {@code 1e-5}); the feed-forward branch is
 *       {@code linear2(act(linear1(x)))} with PyTorch's functional activation ({@code gelu} exact); the shortcut
 *       is multiplied by the block's {@code shortcutScale} unless it is 1;</li>
 *   <li>{@link TokenPool}: {@code x[:, 0]} (class token) or {@code x.mean(dim=1)}.</li>
 * </ul>
 */
final class DjlTransformer {
    private DjlTransformer() {
    }

    /**
     * The patch embedding. Patches of a stride-{@code P} convolution with a {@code P x P} kernel do not overlap, so
     * the im2col matrix is a permutation of the image: {@code x [N, C, H, W]} viewed as
     * {@code [N, C, H/P, P, W/P, P]}, permuted to {@code [N, H/P, W/P, C, P, P]} and copied to
     * {@code [N, T, C P^2]} (rows in row-major patch order, columns in the weight's {@code (c, u, v)} order), then
     * {@code linear(patches, W.view(D, C P^2), b)} gives the tokens {@code [N, T, D]} directly. Autograd's backward
     * is a copy and a matrix product (no scatter-add, no oneDNN convolution; see {@link DjlConvolution} on the
     * latter). With {@code -D}{@value DjlConvolution#LIBTORCH_PROPERTY}{@code =true}, for speed comparisons,
     * libtorch's {@code conv2d} runs instead, followed by {@code flatten(2).transpose(1, 2)}.
     *
     * @param layer   the patch embedding
     * @param input   the image shape
     * @param weight  {@code [D, C, P, P]}
     * @param bias    {@code [D]}
     * @param manager where {@link DjlConvolution} keeps its index (unused by the patch path)
     */
    static Op patchEmbedding(PatchEmbedding layer, FeatureShape input, NDArray weight, NDArray bias,
                             NDManager manager) {
        FeatureShape out = layer.outputShape(input);
        int p = layer.patch();
        int c = layer.channels();
        if (Boolean.getBoolean(DjlConvolution.LIBTORCH_PROPERTY)) {
            DjlConvolution convolution = new DjlConvolution(layer.convolution(), input, manager);
            long[] channelsByTokens = {-1, out.dim(), out.tokens()};
            return (h, training) -> JniUtils.transpose(JniUtils.reshape(
                    (PtNDArray) convolution.apply(h, weight, bias), channelsByTokens), 1, 2);
        }
        long[] grid = {-1, c, input.height() / p, p, input.width() / p, p};
        long[] patchMajor = {0, 2, 4, 1, 3, 5};
        long[] rows = {-1, out.tokens(), (long) c * p * p};
        long[] matrix = {out.dim(), (long) c * p * p};
        return (h, training) -> JniUtils.linear(JniUtils.reshape(JniUtils.permute(JniUtils.reshape((PtNDArray) h,
                grid), patchMajor), rows), JniUtils.reshape((PtNDArray) weight, matrix), (PtNDArray) bias);
    }

    /** @param token the class token {@code [1, 1, D]} */
    static Op classToken(NDArray token) {
        Shape perToken = token.getShape();
        return (h, training) -> {
            Shape expanded = new Shape(h.getShape().get(0), perToken.get(1), perToken.get(2));
            return JniUtils.cat(new PtNDArray[] {JniUtils.broadcast((PtNDArray) token, expanded), (PtNDArray) h}, 1);
        };
    }

    /** @param embedding the positional embedding {@code [1, T, D]} */
    static Op positionalEmbedding(NDArray embedding) {
        return (h, training) -> h.add(embedding);
    }

    /**
     * @param mode how the tokens are pooled
     * @param dim  the token width {@code D}
     */
    static Op tokenPool(TokenPool.Mode mode, int dim) {
        long[] flat = {-1, dim};
        return switch (mode) {
            case CLS -> (h, training) -> JniUtils.reshape(JniUtils.slice((PtNDArray) h, 1, 0, 1, 1), flat);
            case MEAN -> (h, training) -> JniUtils.mean((PtNDArray) h, 1, false);
        };
    }

    /**
     * @param block   the block
     * @param input   its input shape, a {@code [T, D]} sequence
     * @param p       its tensors in {@code state_dict} order (see {@link TransformerBlock})
     * @param manager where the causal mask lives (the session's)
     */
    static Op block(TransformerBlock block, FeatureShape input, NDArray[] p, NDManager manager) {
        Op attention = attention(block, input.tokens(), p[0], p[1], p[2], p[3], manager);
        Op feedForward = feedForward(block, p[4], p[5], p[6], p[7]);
        if (block.norm() == NormPlacement.NONE) {
            Op shortcut = shortcut(block);
            return (h, training) -> {
                NDArray x = shortcut.apply(h, training).add(attention.apply(h, training));
                return shortcut.apply(x, training).add(feedForward.apply(x, training));
            };
        }
        Op norm1 = layerNorm(p[8], p[9]);
        Op norm2 = layerNorm(p[10], p[11]);
        Op shortcut = shortcut(block);
        if (block.norm() == NormPlacement.PRE) {
            return (h, training) -> {
                NDArray x = shortcut.apply(h, training).add(attention.apply(norm1.apply(h, training), training));
                return shortcut.apply(x, training).add(feedForward.apply(norm2.apply(x, training), training));
            };
        }
        return (h, training) -> {
            NDArray x = norm1.apply(shortcut.apply(h, training).add(attention.apply(h, training)), training);
            return norm2.apply(shortcut.apply(x, training).add(feedForward.apply(x, training)), training);
        };
    }

    /** @return {@code a x}, or {@code x} itself when {@code a = 1} */
    private static Op shortcut(TransformerBlock block) {
        float scale = (float) block.shortcutScale();
        return scale == 1f ? (h, training) -> h : (h, training) -> times(h, scale);
    }

    private static Op layerNorm(NDArray weight, NDArray bias) {
        Shape normalized = weight.getShape();
        return (h, training) -> JniUtils.layerNorm((PtNDArray) h, normalized, (PtNDArray) weight, (PtNDArray) bias,
                TransformerBlock.EPS);
    }

    private static Op feedForward(TransformerBlock block, NDArray weight1, NDArray bias1, NDArray weight2,
                                  NDArray bias2) {
        return (h, training) -> JniUtils.linear((PtNDArray) activate(JniUtils.linear((PtNDArray) h,
                (PtNDArray) weight1, (PtNDArray) bias1), block.activation()), (PtNDArray) weight2, (PtNDArray) bias2);
    }

    private static Op attention(TransformerBlock block, int tokens, NDArray inWeight, NDArray inBias,
                                NDArray outWeight, NDArray outBias, NDManager manager) {
        int dim = block.dim();
        int heads = block.heads();
        long[] split = {-1, tokens, 3, heads, block.headDim()};
        long[] headsFirst = {2, 0, 3, 1, 4};
        long[] tokensFirst = {0, 2, 1, 3};
        long[] concatenated = {-1, tokens, dim};
        float scale = (float) (1 / Math.sqrt(block.headDim()));
        PtNDArray mask = block.causal() ? causalMask(tokens, manager) : null;
        return (h, training) -> {
            PtNDArray qkv = JniUtils.linear((PtNDArray) h, (PtNDArray) inWeight, (PtNDArray) inBias);
            PtNDArray parts = JniUtils.permute(JniUtils.reshape(qkv, split), headsFirst);
            PtNDArray q = JniUtils.slice(parts, 0, 0, 1, 1);
            PtNDArray k = JniUtils.slice(parts, 0, 1, 2, 1);
            PtNDArray v = JniUtils.slice(parts, 0, 2, 3, 1);
            PtNDArray scores = JniUtils.matmul((PtNDArray) times(q, scale), JniUtils.transpose(k, 3, 4));
            if (mask != null) {
                scores = (PtNDArray) scores.add(mask);
            }
            PtNDArray probabilities = JniUtils.softmax(scores, -1, DataType.FLOAT32);
            // [1, batch, H, T, d] -> [batch, T, H, d] -> [batch, T, D]
            PtNDArray context = JniUtils.matmul(probabilities, v);
            PtNDArray merged = JniUtils.reshape(JniUtils.permute(JniUtils.reshape(context,
                    new long[] {-1, heads, tokens, block.headDim()}), tokensFirst), concatenated);
            return JniUtils.linear(merged, (PtNDArray) outWeight, (PtNDArray) outBias);
        };
    }

    /** @return {@code [T, T]}: 0 on and below the diagonal, {@code -inf} above (token t sees tokens s <= t) */
    private static PtNDArray causalMask(int tokens, NDManager manager) {
        float[] values = new float[tokens * tokens];
        for (int t = 0; t < tokens; t++) {
            for (int s = t + 1; s < tokens; s++) {
                values[t * tokens + s] = Float.NEGATIVE_INFINITY;
            }
        }
        return (PtNDArray) manager.create(values, new Shape(tokens, tokens));
    }
}
