package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import static org.initlab.core.model.SpecText.MAX_LAYERS;
import static org.initlab.core.model.SpecText.MAX_WIDTH;
import static org.initlab.core.model.SpecText.error;
import static org.initlab.core.model.SpecText.normalization;
import static org.initlab.core.model.SpecText.positive;

import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Parses the compact model specs {@code mlp:...}, {@code cnn:...} and {@code vit:...}.
 *
 * <h2>{@code mlp:<widths>[:<activation>]}</h2>
 * {@code <widths>} is a dash-separated list of layer widths from input to output; {@code NxK} repeats a
 * width N K times. Every hidden dense layer is followed by the activation (default {@code relu}); the last
 * one produces logits. Examples: {@code mlp:784-512-128-10:relu} (the classic MNIST MLP),
 * {@code mlp:500-500x10-10:tanh} (ten tanh layers of 500 units: 500 inputs, widths 500 repeated ten times, 10
 * outputs). A normalization token after a hidden width ({@code bn}, {@code ln}, {@code rms}, as in the cnn
 * family) normalizes each of those layers between the dense layer and its activation:
 * {@code mlp:784-256x4-ln-10:silu} is four times {@code Linear, LayerNorm, SiLU}, then {@code Linear(256, 10)}.
 *
 * <h2>{@code cnn:<input>-<layers>-<classes>[:<activation>]}</h2>
 * {@code <input>} is {@code CxHxW} (for example {@code 1x28x28} for MNIST) or a flat width. Then, dash
 * separated, in order:
 * <ul>
 *   <li>{@code c<out>k<kernel>[s<stride>][p<padding>][g<groups>]}: a convolution ({@code nn.Conv2d}, stride 1,
 *       padding 0, groups 1 unless given) followed by the activation;</li>
 *   <li>{@code f<units>} (or {@code f<units>x<K>} for K of them): a dense layer followed by the activation; a
 *       flatten is put before the first dense layer after a map;</li>
 *   <li>{@code bn}: batch normalization of the layer just before it ({@code BatchNorm2d} after a convolution,
 *       {@code BatchNorm1d} after a dense layer), placed between that layer and its activation
 *       ({@code conv -> bn -> relu}, the ResNet order); {@code ln} and {@code rms} in the same place add
 *       {@link LayerNormLayer} or {@link RmsNormLayer} over the layer's whole output ({@code [C, H, W]} or
 *       {@code [units]});</li>
 *   <li>{@code gap}: global average pooling of a map ({@code nn.AdaptiveAvgPool2d(1)}; the flatten before the
 *       next dense layer follows as usual);</li>
 *   <li>{@code p<kernel>[s<stride>]}: max pooling, {@code a<kernel>[s<stride>]}: average pooling (stride
 *       defaults to the kernel, as in PyTorch);</li>
 *   <li>{@code d<p>}: dropout with probability {@code p}, e.g. {@code d0.5};</li>
 *   <li>a plain number last: the number of classes (a dense layer producing the logits).</li>
 * </ul>
 * Examples: {@code cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu} is {@code Conv2d(1,16,5), ReLU, MaxPool2d(2),
 * Conv2d(16,32,5), ReLU, MaxPool2d(2), Flatten, Linear(512,128), ReLU, Linear(128,10)}; LeNet-5 on MNIST is
 * {@code cnn:1x28x28-c6k5p2-p2-c16k5-p2-f120-f84-10:relu} (with {@code a2} for its original average pooling
 * and {@code :tanh}); {@code cnn:1x28x28-c32k3p1-bn-p2-c64k3p1-bn-p2-f128-d0.5-10} adds batch normalization
 * and dropout.
 *
 * <h2>Residual blocks, in both families</h2>
 * {@code [<branch>]} is a residual block {@link ResidualBlock} in post-activation form (He et al. 2016a):
 * the branch's items are widths (mlp) or convolutions (cnn), each optionally followed by {@code bn},
 * {@code ln} or {@code rms}; the activation follows every branch layer but the last, and comes after the sum.
 * {@code pre[<branch>]} is the pre-activation form (He et al. 2016b): normalization and activation come
 * before each branch layer and nothing after the sum. {@code [...]x<N>} repeats a block N times. Inside the
 * brackets, {@code alpha} adds a learnable gate at the branch's end ({@code x + alpha F(x)}, SkipInit and
 * ReZero) and {@code fixup} Fixup's scalar biases (before each layer and activation of the branch, and after
 * the gate) and its multiplier (the gate). When the branch changes the shape the shortcut is a projection: a
 * dense layer, or a 1x1 convolution with the branch's stride (followed by batch normalization when the
 * branch has {@code bn} in post-activation form). Examples: {@code mlp:784-256-pre[256-256]x50-10} (50
 * pre-activation blocks), {@code mlp:784-256-[256-256-fixup]x16-10:relu} (Fixup's architecture), and the
 * ResNet-20 of He et al. 2016a on 28x28 digits:
 * {@code cnn:1x28x28-c16k3p1-bn-[c16k3p1-bn-c16k3p1-bn]x3-[c32k3s2p1-bn-c32k3p1-bn]-[c32k3p1-bn-c32k3p1-bn]x2-[c64k3s2p1-bn-c64k3p1-bn]-[c64k3p1-bn-c64k3p1-bn]x2-gap-10:relu}.
 *
 * <h2>{@code vit:CxHxW-pP-dD-hH-LN[-ffF][-pre|-post|-nonorm][-deepnorm][-cls|-mean][-causal]-K[:act]}</h2>
 * A vision transformer (Dosovitskiy et al. 2021): a {@link PatchEmbedding} of {@code P x P} patches into
 * {@code D}-wide tokens, a {@link ClassToken} (unless {@code mean}), a {@link PositionalEmbedding}, {@code N}
 * {@link TransformerBlock}s with {@code H} heads and feed-forward width {@code F} (default {@code 4D}), a
 * {@link TokenPool} (the class token, or the mean with {@code mean}), for pre-LN a final {@link LayerNormLayer}
 * of the pooled vector, and a dense head to {@code K} classes. {@code pre} (default), {@code post} or
 * {@code nonorm} place the blocks' LayerNorms ({@link NormPlacement}); {@code deepnorm} (post only) sets the
 * shortcut multiplier {@code alpha = (2N)^(1/4)} (Wang et al. 2022, encoder-only); {@code causal} masks attention
 * to earlier tokens; the activation (default {@code gelu}) is the feed-forward one. The options may come in any
 * order between the input and the classes. Example: {@code vit:1x28x28-p7-d64-h4-L6-10} (16 patches of the
 * 28x28 digits and a class token: 17 tokens of 64 features through 6 pre-LN blocks of 4 heads).
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ModelSpec {

    private ModelSpec() {
    }

    /**
     * @param text the spec
     * @return the network
     * @throws IllegalArgumentException naming the spec and the problem
     */
    public static Network parse(String text) {
        String spec = text.strip();
        String[] parts = spec.split(":", -1);
        if (parts.length >= 2 && parts.length <= 3 && parts[0].equals("cnn")) {
            return CnnSpec.parse(text, spec, parts);
        }
        if (parts.length >= 2 && parts.length <= 3 && parts[0].equals("vit")) {
            return VitSpec.parse(text, spec, parts);
        }
        if (parts.length < 2 || parts.length > 3 || !parts[0].equals("mlp")) {
            throw error(text, "expected mlp:<widths>[:<activation>] (e.g. mlp:784-512-128-10:relu), "
                    + "cnn:<CxHxW>-<layers>-<classes>[:<activation>] (e.g. cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu) "
                    + "or vit:<CxHxW>-p<P>-d<D>-h<H>-L<N>[-<options>]-<classes>[:<activation>] (e.g. "
                    + "vit:1x28x28-p7-d64-h4-L6-10)");
        }
        return parseMlp(text, spec, parts);
    }

    /** One item of an mlp spec: a width with its normalization, or a residual block. */
    private record MlpItem(int width, String norm, String block) {
    }

    private static Network parseMlp(String text, String spec, String[] parts) {
        Activation activation = SpecText.activation(text, parts);
        List<MlpItem> items = mlpItems(text, SpecText.items(text, parts[1]));
        if (items.get(0).block() != null) {
            throw error(text, "the first item must be the input width, not a residual block");
        }
        if (items.stream().filter(i -> i.block() == null).count() < 2) {
            throw error(text, "needs at least an input and an output width");
        }
        if (items.get(0).norm() != null) {
            throw error(text, "'" + items.get(0).norm() + "' must follow a hidden width, not the input width (e.g. "
                    + "mlp:784-256x4-" + items.get(0).norm() + "-10)");
        }
        MlpItem output = items.get(items.size() - 1);
        if (output.block() != null) {
            throw error(text, "a residual block cannot be last: the output width (the number of classes) is");
        }
        if (output.width() < 2) {
            throw error(text, "the output width must be at least 2 classes");
        }
        LayerChain chain = new LayerChain(text, FeatureShape.flat(items.get(0).width()));
        for (int i = 1; i < items.size(); i++) {
            MlpItem item = items.get(i);
            if (item.block() != null) {
                ResidualSpec.addBlocks(text, item.block(), chain, activation);
                continue;
            }
            chain.add(new DenseLayer(chain.shape().size(), item.width()));
            if (i + 1 < items.size()) {
                chain.normalizeAndActivate(item.norm(), activation);
            }
        }
        return new Network(items.get(0).width(), chain.layers(), spec);
    }

    /** Expands {@code NxK} widths and attaches each normalization token to the width before it. */
    private static List<MlpItem> mlpItems(String text, List<String> tokens) {
        List<MlpItem> items = new ArrayList<>();
        for (int k = 0; k < tokens.size(); k++) {
            String t = tokens.get(k);
            if (ResidualSpec.isBlock(t)) {
                items.add(new MlpItem(0, null, t));
                continue;
            }
            if (normalization(t) != null || t.equals("gap")) {
                throw error(text, t.equals("gap") ? "'gap' (global average pooling) needs a map; use a cnn spec"
                        : "'" + t + "' must follow a hidden width (e.g. mlp:784-256x4-" + t + "-10)");
            }
            String norm = k + 2 < tokens.size() ? normalization(tokens.get(k + 1)) : null;
            k += norm != null ? 1 : 0;
            int repeat = 1;
            int x = t.indexOf('x');
            String widthText = x >= 0 ? t.substring(0, x) : t;
            if (x >= 0) {
                repeat = positive(text, t.substring(x + 1), "repeat count in '" + t + "'", MAX_LAYERS);
            }
            int width = positive(text, widthText, "width '" + t + "'", MAX_WIDTH);
            for (int i = 0; i < repeat; i++) {
                items.add(new MlpItem(width, norm, null));
            }
            if (items.size() > MAX_LAYERS) {
                throw error(text, "more than " + MAX_LAYERS + " layers");
            }
        }
        return items;
    }
}
