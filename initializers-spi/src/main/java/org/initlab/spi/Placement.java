package org.initlab.spi;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a parameter sits in a network with residual blocks: what structure-aware initializers (Fixup,
 * SkipInit, ReZero, zero-gamma, GPT-2's residual scaling) need to know beyond the tensor itself.
 *
 * <p>A residual block computes {@code x + alpha * F(x)} (pre-activation form) or {@code act(s(x) + F(x))}
 * (post-activation form): {@code F} is the <em>branch</em>, {@code s} the <em>shortcut</em> (identity, or a
 * 1x1 convolution or dense <em>projection</em> when the width changes). Everything outside the blocks (the
 * stem, pooling, the classifier) is the <em>trunk</em>.
 *
 * <p>{@code position} and {@code count} count the layers of the same family inside one branch: for a dense or
 * convolution weight or bias, its weighted layer among the branch's weighted layers ({@code count} is Fixup's
 * {@code m}); for a normalization scale or shift, its normalization layer among the branch's normalization
 * layers (zero-gamma zeroes the scale of {@code position == count - 1}); for a {@link Region#SCALAR_BIAS}, its
 * scalar bias among the branch's scalar biases. Outside branches both are 0.
 *
 * @param region     the part of the network the parameter belongs to
 * @param block      the residual block's index, 0-based; for the trunk, the number of blocks before the
 *                   parameter's layer (0 for the stem, {@code blocks} for the classifier)
 * @param blocks     the number of residual blocks (branches) in the whole network, Fixup's {@code L}; 0 for a
 *                   network without residual blocks
 * @param position   the index of the owning layer among the branch's layers of its family, 0-based
 * @param count      the number of layers of that family in the branch
 * @param classifier whether the owning layer produces the network's logits (the last dense layer)
 * @param shortcutScale the constant that multiplies the shortcut of the parameter's block ({@code alpha x + F(x)}:
 *                   DeepNorm's {@code alpha}, Wang et al. 2022); 1 for an ordinary residual block and outside
 *                   blocks
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record Placement(Region region, int block, int blocks, int position, int count, boolean classifier,
                        double shortcutScale) {

    /** The parts of a network a parameter can belong to. */
    @API(status = EXPERIMENTAL, since = "0.4")
    public enum Region {
        /** Outside every residual block: stem, pooling, classifier (and every layer of a plain network). */
        TRUNK,
        /** A dense, convolution or normalization layer inside a residual branch {@code F}. */
        BRANCH,
        /** The projection (1x1 convolution or dense) of a residual block's shortcut. */
        SHORTCUT,
        /** The learnable scalar gate {@code alpha} that multiplies a branch ({@code x + alpha F(x)}). */
        GATE,
        /** One of Fixup's learnable scalar biases inside a branch (Zhang, Dauphin &amp; Ma 2019). */
        SCALAR_BIAS
    }

    /** Validates the counts and the shortcut scale. */
    public Placement {
        Objects.requireNonNull(region, "region");
        if (blocks < 0 || block < 0 || position < 0 || count < 0) {
            throw new IllegalArgumentException("placement counts must be >= 0, got block=" + block + ", blocks="
                    + blocks + ", position=" + position + ", count=" + count);
        }
        if (region != Region.TRUNK && (block >= blocks || position >= Math.max(count, 1))) {
            throw new IllegalArgumentException("a " + region + " placement needs block < blocks and position < "
                    + "count, got block=" + block + ", blocks=" + blocks + ", position=" + position + ", count="
                    + count);
        }
        if (!(shortcutScale > 0) || Double.isInfinite(shortcutScale)) {
            throw new IllegalArgumentException("placement shortcut scale must be finite and > 0, got "
                    + shortcutScale);
        }
    }

    /**
     * A placement whose block has a plain shortcut ({@code shortcutScale} 1), as before shortcut scales existed.
     *
     * @param region     the part of the network
     * @param block      the residual block's index
     * @param blocks     the number of residual blocks
     * @param position   the index among the branch's layers of its family
     * @param count      the number of layers of that family in the branch
     * @param classifier whether the owning layer produces the logits
     */
    public Placement(Region region, int block, int blocks, int position, int count, boolean classifier) {
        this(region, block, blocks, position, count, classifier, 1);
    }

    /**
     * @param block      the number of residual blocks before the layer
     * @param blocks     the number of residual blocks in the network
     * @param classifier whether the layer produces the logits
     * @return the placement of a layer outside every residual block
     */
    public static Placement trunk(int block, int blocks, boolean classifier) {
        return new Placement(Region.TRUNK, block, blocks, 0, 0, classifier);
    }

    /** @return whether the parameter's layer is the last of its family in its branch */
    public boolean lastInBranch() {
        return region == Region.BRANCH && position == count - 1;
    }

    /** @return whether the network has at least one residual block */
    public boolean residualNetwork() {
        return blocks > 0;
    }
}
