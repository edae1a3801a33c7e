package org.initlab.testkit.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.init.ParameterTensor;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;

/**
 * The residual networks the {@link ResidualKitChecks} run, and the two ways they start: the kit's seeded
 * parameters ({@link KitFixtures#parameters}: gates {@code U(0.5, 1.5)}, scalar biases {@code U(-0.5, 0.5)}, so
 * that a backend that ignored them or mixed them up would fail) and the plain start that initialization plans
 * give ({@link #defaultStart}: gates 1, scalar biases 0).
 */
public final class ResidualFixtures {
    private ResidualFixtures() {
    }

    /**
     * @return small residual networks: identity blocks in post-activation form; pre-activation blocks with layer
     *         normalization and a gate (tanh); Fixup blocks (scalar biases and a gate) whose first block needs a
     *         dense projection; a block as the first layer with a dense projection (so nothing needs the input's
     *         gradient); a ResNet-style CNN with batch normalization in the branches and a strided 1x1
     *         convolution with batch normalization in the shortcut; a gated pre-activation CNN block with batch
     *         normalization right on the input (silu); a post-activation MLP block with batch normalization
     *         and a dense projection (gelu)
     */
    public static Stream<Network> residualNetworks() {
        return Stream.of("mlp:6-5-[5-5]x2-3", "mlp:6-5-pre[5-ln-5-ln-alpha]x2-3:tanh", "mlp:6-[4-fixup]x2-3",
                "mlp:6-[4-7]-3", "cnn:1x6x6-c3k3p1-bn-[c3k3p1-bn-c3k3p1-bn]-[c4k3s2p1-bn-c4k3p1-bn]-gap-3:relu",
                "cnn:2x5x5-pre[c2k3p1-bn-c2k3p1-bn-alpha]-gap-3:silu", "mlp:5-[6-bn-4-bn]-3:gelu")
                .map(ModelSpec::parse);
    }

    /**
     * @param network a network
     * @param seed    the seed of {@link KitFixtures#parameters}
     * @return the kit's parameters with every gate at 1 and every scalar bias at 0, as an initialization plan
     *         starts them
     */
    public static ParameterSet defaultStart(Network network, long seed) {
        List<ParameterTensor> tensors = new ArrayList<>();
        for (ParameterTensor tensor : KitFixtures.parameters(network, seed).tensors()) {
            ParameterSpec spec = tensor.spec();
            Placement.Region region = spec.placement().map(Placement::region).orElse(Placement.Region.TRUNK);
            float[] values = tensor.values();
            if (region == Placement.Region.GATE) {
                values = new float[] {1};
            } else if (region == Placement.Region.SCALAR_BIAS) {
                values = new float[] {0};
            }
            tensors.add(new ParameterTensor(spec, values));
        }
        return new ParameterSet(tensors);
    }

    /**
     * @param network a network
     * @return whether it normalizes anywhere (inside blocks too): its gradients get the looser tolerance
     */
    static boolean normalized(Network network) {
        return network.layers().stream()
                .flatMap(l -> l instanceof ResidualBlock b ? b.allLayers().stream() : Stream.of(l))
                .anyMatch(ResidualFixtures::normalization);
    }

    private static boolean normalization(Layer layer) {
        return layer instanceof BatchNormLayer || layer instanceof LayerNormLayer || layer instanceof RmsNormLayer;
    }
}
