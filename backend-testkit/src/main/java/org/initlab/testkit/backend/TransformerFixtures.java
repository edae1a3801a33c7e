package org.initlab.testkit.backend;

import java.util.stream.Stream;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.NormPlacement;
import org.initlab.core.model.TransformerBlock;

/**
 * The small vision transformers the {@link TransformerKitChecks} run. They start from the kit's seeded
 * parameters ({@link KitFixtures#parameters}: the class token and the positional embedding are weights
 * {@code U(+-sqrt(3 / fan_in))}, LayerNorm scales {@code U(0.5, 1.5)}, every bias non-zero), so that a backend
 * that dropped or mixed up any of them would fail.
 */
public final class TransformerFixtures {
    private TransformerFixtures() {
    }

    /**
     * @return vision transformers of a few hundred to two thousand parameters: pre-LN with the class token
     *         (gelu); post-LN; causal pre-LN; no LayerNorm with mean pooling (relu); post-LN DeepNorm on a
     *         non-square two-channel image with four heads of width 2 (tanh, shortcut multiplier
     *         {@code 4^(1/4)}); a causal block over 16 patch tokens with three heads of width 2, mean pooling
     *         (relu)
     */
    public static Stream<Network> transformerNetworks() {
        return Stream.of("vit:1x8x8-p4-d8-h2-L2-ff16-3", "vit:1x8x8-p4-d8-h2-L2-ff16-post-3",
                "vit:1x8x8-p4-d8-h2-L2-ff16-causal-3", "vit:1x8x8-p4-d8-h2-L1-ff16-nonorm-mean-3:relu",
                "vit:2x6x4-p2-d8-h4-L2-ff12-post-deepnorm-3:tanh", "vit:1x8x8-p2-d6-h3-L1-ff10-mean-causal-3:relu")
                .map(ModelSpec::parse);
    }

    /**
     * @param network a vision transformer
     * @return whether any of its blocks normalizes: its gradients get the looser tolerance of normalization
     */
    static boolean normalized(Network network) {
        return network.layers().stream()
                .anyMatch(l -> l instanceof TransformerBlock t && t.norm() != NormPlacement.NONE);
    }
}
