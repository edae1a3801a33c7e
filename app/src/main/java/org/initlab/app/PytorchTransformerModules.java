package org.initlab.app;

import java.util.EnumSet;
import java.util.Set;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ClassToken;
import org.initlab.core.model.Layer;
import org.initlab.core.model.NormPlacement;
import org.initlab.core.model.PatchEmbedding;
import org.initlab.core.model.PositionalEmbedding;
import org.initlab.core.model.TokenPool;
import org.initlab.core.model.TransformerBlock;

/**
 * The PyTorch modules of a vision transformer's layers for {@link PytorchModules}: a plain pre- or post-LN block
 * without mask becomes {@code nn.TransformerEncoderLayer(D, H, dim_feedforward=F, dropout=0.0, activation,
 * batch_first=True, norm_first)}; a causal block, one with a shortcut multiplier or one without LayerNorm becomes
 * {@code EncoderLayer}, a subclass with the same parameters (so the same {@code state_dict} names). The patch
 * embedding, class token, positional embedding and token pooling are small classes printed before the model.
 */
final class PytorchTransformerModules {
    /** The helper classes a model uses. */
    enum Helper {
        PATCHES("""
                class PatchEmbedding(nn.Conv2d):
                    \"""Conv2d(C, D, P, stride=P); its [N, D, H/P, W/P] output read as [N, T, D] tokens.\"""

                    def forward(self, x):
                        return super().forward(x).flatten(2).transpose(1, 2)


                """),
        CLASS_TOKEN("""
                class ClassToken(nn.Module):
                    \"""Prepends a learned token to the sequence (ViT's class token).\"""

                    def __init__(self, dim):
                        super().__init__()
                        self.class_token = nn.Parameter(torch.zeros(1, 1, dim))

                    def forward(self, x):
                        return torch.cat([self.class_token.expand(x.shape[0], -1, -1), x], dim=1)


                """),
        POSITIONS("""
                class PositionalEmbedding(nn.Module):
                    \"""Adds a learned positional embedding to the sequence.\"""

                    def __init__(self, tokens, dim):
                        super().__init__()
                        self.pos_embedding = nn.Parameter(torch.empty(1, tokens, dim).normal_(std=0.02))

                    def forward(self, x):
                        return x + self.pos_embedding


                """),
        ENCODER("""
                class EncoderLayer(nn.TransformerEncoderLayer):
                    \"""nn.TransformerEncoderLayer (dropout 0, batch_first) with a causal mask, a shortcut multiplier
                    alpha (x = alpha x + F(x), DeepNorm) and norm None for blocks without LayerNorm.\"""

                    def __init__(self, d_model, nhead, dim_feedforward, activation, norm="pre", causal=False,
                                 alpha=1.0):
                        super().__init__(d_model, nhead, dim_feedforward, dropout=0.0, activation=activation,
                                         batch_first=True, norm_first=norm != "post")
                        if norm is None:
                            self.norm1, self.norm2 = nn.Identity(), nn.Identity()
                        self.causal, self.alpha = causal, alpha

                    def forward(self, x):
                        mask = nn.Transformer.generate_square_subsequent_mask(x.shape[1], device=x.device,
                                                                              dtype=x.dtype) if self.causal else None
                        a = self.alpha
                        if self.norm_first:
                            x = a * x + self._sa_block(self.norm1(x), mask, None, is_causal=self.causal)
                            return a * x + self._ff_block(self.norm2(x))
                        x = self.norm1(a * x + self._sa_block(x, mask, None, is_causal=self.causal))
                        return self.norm2(a * x + self._ff_block(x))


                """),
        POOL("""
                class TokenPool(nn.Module):
                    \"""The class token (x[:, 0]) or the mean of the tokens.\"""

                    def __init__(self, mode):
                        super().__init__()
                        self.mode = mode

                    def forward(self, x):
                        return x[:, 0] if self.mode == "cls" else x.mean(dim=1)


                """);

        private final String source;

        Helper(String source) {
            this.source = source;
        }

        /** @return the class's Python source, followed by two blank lines */
        String source() {
            return source;
        }
    }

    private PytorchTransformerModules() {
    }

    /** @return whether the layer is one of the vision transformer's */
    static boolean handles(Layer layer) {
        return layer instanceof PatchEmbedding || layer instanceof ClassToken || layer instanceof PositionalEmbedding
                || layer instanceof TransformerBlock || layer instanceof TokenPool;
    }

    /**
     * @param layer   a layer {@link #handles} accepts
     * @param helpers receives the helper classes the module needs
     * @return the module's constructor call
     */
    static String module(Layer layer, Set<Helper> helpers) {
        if (layer instanceof PatchEmbedding p) {
            helpers.add(Helper.PATCHES);
            return "PatchEmbedding(" + p.channels() + ", " + p.dim() + ", kernel_size=" + p.patch() + ", stride="
                    + p.patch() + ")";
        }
        if (layer instanceof ClassToken c) {
            helpers.add(Helper.CLASS_TOKEN);
            return "ClassToken(" + c.dim() + ")";
        }
        if (layer instanceof PositionalEmbedding p) {
            helpers.add(Helper.POSITIONS);
            return "PositionalEmbedding(" + p.tokens() + ", " + p.dim() + ")";
        }
        if (layer instanceof TokenPool pool) {
            helpers.add(Helper.POOL);
            return "TokenPool(\"" + (pool.mode() == TokenPool.Mode.CLS ? "cls" : "mean") + "\")";
        }
        TransformerBlock b = (TransformerBlock) layer;
        String activation = b.activation() == Activation.RELU ? "\"relu\"" : b.activation() == Activation.GELU
                ? "\"gelu\"" : PytorchModules.activation(b.activation());
        if (!b.causal() && b.shortcutScale() == 1 && b.norm() != NormPlacement.NONE) {
            return "nn.TransformerEncoderLayer(" + b.dim() + ", " + b.heads() + ", dim_feedforward=" + b.ffWidth()
                    + ", dropout=0.0, activation=" + activation + ", batch_first=True, norm_first="
                    + (b.norm() == NormPlacement.PRE ? "True" : "False") + ")";
        }
        helpers.add(Helper.ENCODER);
        String norm = switch (b.norm()) {
            case PRE -> "\"pre\"";
            case POST -> "\"post\"";
            case NONE -> "None";
        };
        return "EncoderLayer(" + b.dim() + ", " + b.heads() + ", " + b.ffWidth() + ", activation=" + activation
                + ", norm=" + norm + ", causal=" + (b.causal() ? "True" : "False") + ", alpha="
                + PytorchModules.pythonFloat(b.shortcutScale()) + ")";
    }

    /** @return the state_dict names of the layer's module, without its path */
    static String[] stateNames(Layer layer) {
        if (layer instanceof PatchEmbedding) {
            return new String[] {"weight", "bias"};
        }
        if (layer instanceof ClassToken) {
            return new String[] {ClassToken.PARAMETER};
        }
        if (layer instanceof PositionalEmbedding) {
            return new String[] {PositionalEmbedding.PARAMETER};
        }
        if (layer instanceof TransformerBlock b) {
            String[] projections = {TransformerBlock.IN_PROJ_WEIGHT, TransformerBlock.IN_PROJ_BIAS,
                TransformerBlock.OUT_PROJ + ".weight", TransformerBlock.OUT_PROJ + ".bias", "linear1.weight",
                "linear1.bias", "linear2.weight", "linear2.bias"};
            if (!b.normalized()) {
                return projections;
            }
            String[] all = java.util.Arrays.copyOf(projections, 12);
            System.arraycopy(new String[] {"norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"}, 0, all, 8, 4);
            return all;
        }
        return new String[0];
    }

    /** @return an empty set of helpers */
    static Set<Helper> noHelpers() {
        return EnumSet.noneOf(Helper.class);
    }
}
