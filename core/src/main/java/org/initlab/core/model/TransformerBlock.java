package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.TensorShape;

/**
 * A transformer encoder block over a {@code [T, D]} token sequence, PyTorch's
 * {@code nn.TransformerEncoderLayer(D, H, F, dropout=0, activation, batch_first=True, norm_first)} with a
 * shortcut multiplier {@code a} (1 in PyTorch; DeepNorm's {@code alpha}, Wang et al. 2022). With the
 * {@link NormPlacement}:
 * <pre>
 *   PRE:  x = a x + SA(LN1(x));  x = a x + FF(LN2(x))
 *   POST: x = LN1(a x + SA(x));  x = LN2(a x + FF(x))
 *   NONE: x = a x + SA(x);       x = a x + FF(x)
 * </pre>
 * where {@code FF(x) = linear2(act(linear1(x)))} and {@code SA} is {@code nn.MultiheadAttention}:
 * {@code [q|k|v] = x W_in^T + b_in}, per head {@code h} (columns {@code [h d, (h+1) d)}, {@code d = D/H})
 * {@code softmax(q k^T / sqrt(d) + M) v} with {@code M} the causal mask ({@code -inf} above the diagonal) when
 * {@link #causal()}, heads concatenated, then {@code out_proj}. LayerNorm eps {@code 1e-5}; no dropout.
 *
 * <p>Parameters, in PyTorch's {@code state_dict} order under prefix {@code <i>.}: {@code self_attn.in_proj_weight
 * [3D, D]}, {@code self_attn.in_proj_bias [3D]}, {@code self_attn.out_proj.weight [D, D]},
 * {@code self_attn.out_proj.bias [D]}, {@code linear1.weight [F, D]}, {@code linear1.bias [F]},
 * {@code linear2.weight [D, F]}, {@code linear2.bias [D]}, then {@code norm1.weight}, {@code norm1.bias},
 * {@code norm2.weight}, {@code norm2.bias} ({@code [D]} each; absent with {@link NormPlacement#NONE}). The fused
 * {@code in_proj_weight} has PyTorch's fans {@code fan_in = D}, {@code fan_out = 3D}.
 *
 * <p>Every block has two residual branches, attention and feed-forward ({@link #placedParameters}).
 *
 * @param dim           the token width {@code D}, {@code > 0}
 * @param heads         the attention heads {@code H}, dividing {@code D}
 * @param ffWidth       the feed-forward width {@code F}, {@code > 0}
 * @param norm          where the block normalizes
 * @param causal        whether token {@code t} attends only to tokens {@code <= t}
 * @param activation    the feed-forward activation
 * @param shortcutScale the shortcut multiplier {@code a}, finite and {@code > 0}
 */
@API(status = EXPERIMENTAL, since = "0.5")
public record TransformerBlock(int dim, int heads, int ffWidth, NormPlacement norm, boolean causal,
                               Activation activation, double shortcutScale) implements Layer {
    /** {@code <i>.self_attn.in_proj_weight}: the fused query, key and value projection {@code [3D, D]}. */
    public static final String IN_PROJ_WEIGHT = "self_attn.in_proj_weight";
    /** {@code <i>.self_attn.in_proj_bias}: the fused projection's bias {@code [3D]}. */
    public static final String IN_PROJ_BIAS = "self_attn.in_proj_bias";
    /** The attention's output projection module, {@code <i>.self_attn.out_proj.weight} and {@code .bias}. */
    public static final String OUT_PROJ = "self_attn.out_proj";
    /** The feed-forward branch's first linear module ({@code [F, D]}). */
    public static final String LINEAR1 = "linear1";
    /** The feed-forward branch's second linear module ({@code [D, F]}). */
    public static final String LINEAR2 = "linear2";
    /** The first LayerNorm module (of the attention branch). */
    public static final String NORM1 = "norm1";
    /** The second LayerNorm module (of the feed-forward branch). */
    public static final String NORM2 = "norm2";
    /** LayerNorm's eps, PyTorch's default. */
    public static final double EPS = 1e-5;

    /** Validates the sizes. */
    public TransformerBlock {
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(activation, "activation");
        if (dim <= 0 || heads <= 0 || ffWidth <= 0) {
            throw new IllegalArgumentException("a transformer block needs positive width, heads and feed-forward "
                    + "width, got d" + dim + " h" + heads + " ff" + ffWidth);
        }
        if (dim % heads != 0) {
            throw new IllegalArgumentException(heads + " heads do not divide the width " + dim);
        }
        if (!(shortcutScale > 0) || Double.isInfinite(shortcutScale)) {
            throw new IllegalArgumentException("a transformer block's shortcut multiplier must be finite and > 0, got "
                    + shortcutScale);
        }
    }

    /**
     * @param dim     the token width
     * @param heads   the heads
     * @param ffWidth the feed-forward width
     * @param norm    where the block normalizes
     * @return a block without mask, with GELU and shortcut multiplier 1
     */
    public static TransformerBlock of(int dim, int heads, int ffWidth, NormPlacement norm) {
        return new TransformerBlock(dim, heads, ffWidth, norm, false, Activation.GELU, 1);
    }

    /** @return the width of one head, {@code D / H} */
    public int headDim() {
        return dim / heads;
    }

    /** @return whether the block has LayerNorms ({@code norm1}, {@code norm2}) */
    public boolean normalized() {
        return norm != NormPlacement.NONE;
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        if (!input.sequential() || input.dim() != dim) {
            throw new IllegalArgumentException(this + " needs a sequence of " + dim + "-wide tokens, got " + input);
        }
        return input;
    }

    @Override
    public List<ParameterSpec> parameters(String prefix, Nonlinearity next) {
        return placedParameters(prefix, 0, 2).stream().map(p -> new ParameterSpec(p.path(), p.role(), p.shape(),
                p.layerKind(), p.nonlinearity(), p.layerFans())).toList();
    }

    /**
     * The block's parameters in {@code state_dict} order with their {@link Placement}s. The attention branch is
     * residual branch {@code b} and the feed-forward branch {@code b + 1} (in a vision transformer, block {@code k}
     * has {@code b = 2 k}; {@code blocks} counts branches):
     * {@code in_proj} weight and bias are {@link Placement.Region#BRANCH} position 0 of 2, {@code out_proj} position 1
     * of 2; {@code linear1} position 0 of 2, {@code linear2} position 1 of 2 (so
     * {@link Placement#lastInBranch()} marks GPT-2's residual projections {@code out_proj.weight} and
     * {@code linear2.weight}); {@code norm1} belongs to the attention branch and {@code norm2} to the feed-forward
     * branch, normalization position 0 of 1. Every placement's {@code shortcutScale} is the block's.
     *
     * @param prefix   the block's module path (its index in the network)
     * @param attention the index of the block's attention branch among the network's residual branches
     * @param branches  the number of residual branches in the network (twice the transformer blocks)
     * @return the parameters
     */
    public List<ParameterSpec> placedParameters(String prefix, int attention, int branches) {
        String p = prefix + ".";
        int feedForward = attention + 1;
        TensorShape inProj = TensorShape.of(3 * dim, dim);
        TensorShape outProj = TensorShape.of(dim, dim);
        TensorShape linear1 = TensorShape.of(ffWidth, dim);
        TensorShape linear2 = TensorShape.of(dim, ffWidth);
        Nonlinearity act = activation.nonlinearity();
        List<ParameterSpec> params = new ArrayList<>();
        Placement in = branch(attention, branches, 0, 2);
        Placement out = branch(attention, branches, 1, 2);
        params.add(ParameterSpec.weight(p + IN_PROJ_WEIGHT, inProj, LayerKind.DENSE, Nonlinearity.LINEAR)
                .withPlacement(in));
        params.add(ParameterSpec.bias(p + IN_PROJ_BIAS, 3 * dim, inProj, LayerKind.DENSE, Nonlinearity.LINEAR)
                .withPlacement(in));
        dense(params, p + OUT_PROJ, outProj, Nonlinearity.LINEAR, out);
        dense(params, p + LINEAR1, linear1, act, branch(feedForward, branches, 0, 2));
        dense(params, p + LINEAR2, linear2, Nonlinearity.LINEAR, branch(feedForward, branches, 1, 2));
        if (normalized()) {
            LayerNormLayer ln = new LayerNormLayer(FeatureShape.flat(dim), EPS);
            ln.parameters(p + NORM1, Nonlinearity.LINEAR).forEach(s -> params.add(s.withPlacement(
                    branch(attention, branches, 0, 1))));
            ln.parameters(p + NORM2, Nonlinearity.LINEAR).forEach(s -> params.add(s.withPlacement(
                    branch(feedForward, branches, 0, 1))));
        }
        return List.copyOf(params);
    }

    private Placement branch(int block, int blocks, int position, int count) {
        return new Placement(Placement.Region.BRANCH, block, blocks, position, count, false, shortcutScale);
    }

    private static void dense(List<ParameterSpec> params, String module, TensorShape weight, Nonlinearity next,
                              Placement where) {
        params.add(ParameterSpec.weight(module + ".weight", weight, LayerKind.DENSE, next).withPlacement(where));
        params.add(ParameterSpec.bias(module + ".bias", weight.dim(0), weight, LayerKind.DENSE, next)
                .withPlacement(where));
    }

    /**
     * Per sample of {@code T} tokens: the projections {@code 3 T D^2 + T D^2 + 2 T D F} and the attention
     * {@code 2 T^2 D} (scores and the weighted sum of values, all pairs, as PyTorch computes them under a mask).
     */
    @Override
    public long multiplyAdds(FeatureShape input) {
        long t = outputShape(input).tokens();
        return 4 * t * dim * dim + 2 * t * dim * ffWidth + 2 * t * t * dim;
    }

    @Override
    public String toString() {
        return "TransformerBlock(d=" + dim + ", heads=" + heads + ", ff=" + ffWidth + ", "
                + norm.name().toLowerCase(Locale.ROOT) + (causal ? ", causal" : "") + ", " + activation.specName()
                + (shortcutScale != 1 ? ", alpha=" + shortcutScale : "") + ")";
    }
}
