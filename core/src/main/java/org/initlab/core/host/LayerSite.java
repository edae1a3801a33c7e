package org.initlab.core.host;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a layer sits in a network: in the network's own sequence of layers (the trunk), or in the branch or
 * the shortcut of a {@link org.initlab.core.model.ResidualBlock residual block}. Its {@link #path()} is the
 * module path that names the layer's parameters, as PyTorch's {@code state_dict} would: {@code 5},
 * {@code 5.branch.2}, {@code 5.shortcut.0}.
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
        SHORTCUT
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

    /** @return whether the layer is inside a residual block */
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

    /** @return the module path: {@code 5}, {@code 5.branch.2} or {@code 5.shortcut.0} */
    public String path() {
        return switch (segment) {
            case TRUNK -> Integer.toString(layer);
            case BRANCH -> layer + ".branch." + position;
            case SHORTCUT -> layer + ".shortcut." + position;
        };
    }

    @Override
    public String toString() {
        return path();
    }
}
