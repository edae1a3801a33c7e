package org.initlab.core.host;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a layer sits in a network: in the network's own sequence of layers (the trunk), in the branch or
 * the shortcut of a {@link org.initlab.core.model.ResidualBlock residual block}, or in one of the two branches of a
 * {@link org.initlab.core.model.TransformerBlock transformer block}. Its {@link #path()} is the module path that
 * names the layer's parameters, as PyTorch's {@code state_dict} would: {@code 5}, {@code 5.branch.2},
 * {@code 5.shortcut.0}, {@code 5.self_attn.out_proj}, {@code 5.linear1}.
 *
 * <p>Inside a transformer block the attention branch has three positions: 0 {@code in_proj} (the fused
 * {@code [q|k|v]} projection, parameters {@code self_attn.in_proj_weight} and {@code in_proj_bias}), 1 the
 * attention itself ({@code self_attn}: softmax-weighted values, heads concatenated), 2 {@code self_attn.out_proj};
 * the feed-forward branch too: 0 {@code linear1}, 1 its activation, 2 {@code linear2}. The LayerNorms and residual
 * sums have no site; {@code HostTrace} exposes them by block.
 *
 * @param layer    the index in {@link org.initlab.core.model.Network#layers()} of the layer itself (trunk) or
 *                 of the residual block that holds it
 * @param segment  the sequence the layer belongs to
 * @param position the index inside the block's branch or shortcut; 0 for a trunk layer
 */
@API(status = INTERNAL, since = "0.4")
public record LayerSite(int layer, Segment segment, int position) {

    /** The sequences a layer can belong to. */
    public enum Segment {
        /** The network's own sequence of layers. */
        TRUNK,
        /** The branch {@code F} of a residual block. */
        BRANCH,
        /** The projection shortcut of a residual block. */
        SHORTCUT,
        /** The attention branch of a transformer block. */
        ATTENTION,
        /** The feed-forward branch of a transformer block. */
        FEED_FORWARD
    }

    /** Validates the indices. */
    public LayerSite {
        Objects.requireNonNull(segment, "segment");
        if (layer < 0 || position < 0 || segment == Segment.TRUNK && position != 0) {
            throw new IllegalArgumentException("bad layer site " + layer + " " + segment + " " + position);
        }
    }

    /**
     * @param layer an index in the network's layers
     * @return the site of that trunk layer
     */
    public static LayerSite trunk(int layer) {
        return new LayerSite(layer, Segment.TRUNK, 0);
    }

    /** @return whether the layer is inside a residual or transformer block */
    public boolean inBlock() {
        return segment != Segment.TRUNK;
    }

    /**
     * @param steps how many layers further along the same sequence, {@code >= 0}
     * @return the site of that layer
     */
    public LayerSite shifted(int steps) {
        return inBlock() ? new LayerSite(layer, segment, position + steps) : trunk(layer + steps);
    }

    /** @return whether the layer is inside a transformer block */
    public boolean inTransformer() {
        return segment == Segment.ATTENTION || segment == Segment.FEED_FORWARD;
    }

    /**
     * @return the module path: {@code 5}, {@code 5.branch.2}, {@code 5.shortcut.0}; in a transformer block
     *         {@code 5.self_attn.in_proj}, {@code 5.self_attn}, {@code 5.self_attn.out_proj}, {@code 5.linear1},
     *         {@code 5.activation}, {@code 5.linear2}
     */
    public String path() {
        return switch (segment) {
            case TRUNK -> Integer.toString(layer);
            case BRANCH -> layer + ".branch." + position;
            case SHORTCUT -> layer + ".shortcut." + position;
            case ATTENTION -> layer + (position == 0 ? ".self_attn.in_proj" : position == 1 ? ".self_attn"
                    : ".self_attn.out_proj");
            case FEED_FORWARD -> layer + (position == 0 ? ".linear1" : position == 1 ? ".activation" : ".linear2");
        };
    }

    /**
     * @return the path of the weight of a dense or convolution layer at this site: {@code <path>.weight}, and
     *         {@code 5.self_attn.in_proj_weight} for the fused projection
     */
    public String weightPath() {
        return fusedProjection() ? layer + ".self_attn.in_proj_weight" : path() + ".weight";
    }

    /** @return the path of the bias of the layer at this site, like {@link #weightPath()} */
    public String biasPath() {
        return fusedProjection() ? layer + ".self_attn.in_proj_bias" : path() + ".bias";
    }

    private boolean fusedProjection() {
        return segment == Segment.ATTENTION && position == 0;
    }

    @Override
    public String toString() {
        return path();
    }
}
