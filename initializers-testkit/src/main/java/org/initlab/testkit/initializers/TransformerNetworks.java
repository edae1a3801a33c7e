package org.initlab.testkit.initializers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.TensorShape;

/**
 * The parameters of a small vision transformer, with the names, shapes, layer kinds and {@link Placement}s initlab's
 * core gives the model spec {@code vit:CxHxW-pP-dD-hH-LN-ffF[-pre|-post|-nonorm][-deepnorm]-K}, for testing
 * transformer initializers without core. Layers are numbered as in an {@code nn.Sequential}: {@code 0} the patch
 * embedding (a convolution with stride {@code P}: {@code 0.weight [D, C, P, P]}, {@code 0.bias [D]}), {@code 1}
 * the class token ({@code 1.class_token [1, 1, D]}, layer kind embedding), {@code 2} the positional embedding
 * ({@code 2.pos_embedding [1, T, D]}, {@code T} = patches + 1), {@code 3 .. 3+L-1} the transformer blocks with
 * {@code nn.TransformerEncoderLayer}'s parameter names in its {@code state_dict} order, {@code 3+L} the token pool
 * (no parameters), for pre-LN a final layer norm, and the dense head (the classifier).
 *
 * <p>Placements: each block is two residual branches, attention (block {@code 2b}) and feed-forward
 * ({@code 2b+1}), so {@code blocks = 2L}; {@code in_proj} and {@code linear1} are at position 0 of 2,
 * {@code out_proj} and {@code linear2} at position 1 of 2 (the last in their branch), {@code norm1} / {@code norm2}
 * at position 0 of 1 of the attention / feed-forward branch; every branch parameter carries the block's shortcut
 * scale. Embeddings, the final norm and the head are trunk parameters.
 */
public final class TransformerNetworks {
    private static final Nonlinearity GELU = Nonlinearity.of("gelu");

    /** Where a block's layer norms sit, as the model spec's {@code -pre}, {@code -post} and {@code -nonorm} say. */
    public enum NormPlacement {
        /** {@code x = a x + F(LN(x))}, with a final layer norm on the pooled vector. */
        PRE,
        /** {@code x = LN(a x + F(x))}. */
        POST,
        /** {@code x = a x + F(x)}: no layer norms at all. */
        NONE
    }

    private TransformerNetworks() {
    }

    /**
     * A ViT on 1x8x8 images with 4x4 patches (4 patches and a class token, {@code T = 5}), width 8, 2 heads,
     * feed-forward width 16 and 10 classes: {@code vit:1x8x8-p4-d8-h2-L<layers>-ff16-<norm>-10}.
     *
     * @param layers        the number of transformer blocks {@code L}, at least 1
     * @param norm          where the layer norms sit
     * @param shortcutScale the constant multiplying every shortcut ({@code (2L)^(1/4)} for DeepNorm), 1 normally
     * @return its parameters in order, each with its placement
     */
    public static List<ParameterSpec> vit(int layers, NormPlacement norm, double shortcutScale) {
        return vit(1, 8, 4, 8, 16, layers, norm, shortcutScale, 10);
    }

    /**
     * A ViT on {@code channels x image x image} images with the class token.
     *
     * @param channels      input channels {@code C}
     * @param image         image side, divisible by {@code patch}
     * @param patch         patch side {@code P}
     * @param width         token width {@code D}
     * @param ffWidth       feed-forward width {@code F}
     * @param layers        transformer blocks {@code L}, at least 1
     * @param norm          where the layer norms sit
     * @param shortcutScale the constant multiplying every shortcut
     * @param classes       classes {@code K}
     * @return its parameters in order, each with its placement
     */
    public static List<ParameterSpec> vit(int channels, int image, int patch, int width, int ffWidth, int layers,
                                          NormPlacement norm, double shortcutScale, int classes) {
        if (layers < 1 || patch < 1 || image % patch != 0) {
            throw new IllegalArgumentException("a ViT needs at least 1 block and a patch size dividing the image, got "
                    + layers + " blocks, image " + image + ", patch " + patch);
        }
        int blocks = 2 * layers;
        int tokens = (image / patch) * (image / patch) + 1;
        List<ParameterSpec> params = new ArrayList<>();
        Placement stem = Placement.trunk(0, blocks, false);
        TensorShape patchWeight = TensorShape.of(width, channels, patch, patch);
        params.add(ParameterSpec.weight("0.weight", patchWeight, LayerKind.CONV, Nonlinearity.LINEAR)
                .withPlacement(stem));
        params.add(ParameterSpec.bias("0.bias", width, patchWeight, LayerKind.CONV, Nonlinearity.LINEAR)
                .withPlacement(stem));
        params.add(embedding("1.class_token", TensorShape.of(1, 1, width), stem));
        params.add(embedding("2.pos_embedding", TensorShape.of(1, tokens, width), stem));
        for (int b = 0; b < layers; b++) {
            block(params, (3 + b) + ".", b, blocks, width, ffWidth, norm, shortcutScale);
        }
        int next = 3 + layers + 1;
        Placement top = Placement.trunk(blocks, blocks, false);
        if (norm == NormPlacement.PRE) {
            normalization(params, next++ + ".", width, top);
        }
        TensorShape head = TensorShape.of(classes, width);
        Placement classifier = Placement.trunk(blocks, blocks, true);
        params.add(ParameterSpec.weight(next + ".weight", head, LayerKind.DENSE, Nonlinearity.LINEAR)
                .withPlacement(classifier));
        params.add(ParameterSpec.bias(next + ".bias", classes, head, LayerKind.DENSE, Nonlinearity.LINEAR)
                .withPlacement(classifier));
        return List.copyOf(params);
    }

    private static void block(List<ParameterSpec> params, String prefix, int b, int blocks, int width, int ffWidth,
                              NormPlacement norm, double alpha) {
        int attention = 2 * b;
        int feedForward = 2 * b + 1;
        dense(params, prefix + "self_attn.in_proj_weight", prefix + "self_attn.in_proj_bias", 3 * width, width,
                Nonlinearity.LINEAR, branch(attention, blocks, 0, 2, alpha));
        dense(params, prefix + "self_attn.out_proj.weight", prefix + "self_attn.out_proj.bias", width, width,
                Nonlinearity.LINEAR, branch(attention, blocks, 1, 2, alpha));
        dense(params, prefix + "linear1.weight", prefix + "linear1.bias", ffWidth, width, GELU,
                branch(feedForward, blocks, 0, 2, alpha));
        dense(params, prefix + "linear2.weight", prefix + "linear2.bias", width, ffWidth, Nonlinearity.LINEAR,
                branch(feedForward, blocks, 1, 2, alpha));
        if (norm != NormPlacement.NONE) {
            normalization(params, prefix + "norm1.", width, branch(attention, blocks, 0, 1, alpha));
            normalization(params, prefix + "norm2.", width, branch(feedForward, blocks, 0, 1, alpha));
        }
    }

    private static Placement branch(int block, int blocks, int position, int count, double alpha) {
        return new Placement(Placement.Region.BRANCH, block, blocks, position, count, false, alpha);
    }

    private static void dense(List<ParameterSpec> params, String weightPath, String biasPath, int out, int in,
                              Nonlinearity next, Placement where) {
        TensorShape weight = TensorShape.of(out, in);
        params.add(ParameterSpec.weight(weightPath, weight, LayerKind.DENSE, next).withPlacement(where));
        params.add(ParameterSpec.bias(biasPath, out, weight, LayerKind.DENSE, next).withPlacement(where));
    }

    private static void normalization(List<ParameterSpec> params, String prefix, int width, Placement where) {
        params.add(new ParameterSpec(prefix + "weight", ParameterRole.OTHER, TensorShape.of(width),
                LayerKind.NORMALIZATION, Nonlinearity.LINEAR, Optional.empty(), Optional.of(where)));
        params.add(new ParameterSpec(prefix + "bias", ParameterRole.BIAS, TensorShape.of(width),
                LayerKind.NORMALIZATION, Nonlinearity.LINEAR, Optional.empty(), Optional.of(where)));
    }

    private static ParameterSpec embedding(String path, TensorShape shape, Placement where) {
        return new ParameterSpec(path, ParameterRole.WEIGHT, shape, LayerKind.EMBEDDING, Nonlinearity.LINEAR,
                Optional.empty(), Optional.of(where));
    }
}
