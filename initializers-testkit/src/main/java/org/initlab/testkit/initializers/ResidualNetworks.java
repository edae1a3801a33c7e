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
 * The parameters of small networks, with their {@link Placement}s as initlab's core describes them, for testing
 * {@link org.initlab.spi.StructureAwareInitializer}s without core: a residual MLP
 * {@code 16 -> 8 -> [8-8]xN -> 4} (ReLU; each branch optionally with normalization after each dense layer and a
 * gate at its end, as the model spec {@code mlp:16-8-[8-bn-8-bn-alpha]xN-4:relu} builds it) and the same widths
 * without blocks. Paths follow core's: {@code 0.weight} for the stem, {@code 2.branch.0.weight},
 * {@code 2.branch.4.alpha}, {@code 5.weight} for the classifier.
 */
public final class ResidualNetworks {
    private static final int WIDTH = 8;
    private static final Nonlinearity RELU = Nonlinearity.of("relu");

    private ResidualNetworks() {
    }

    /**
     * A residual MLP {@code 16 -> 8 -> [8-8]xblocks -> 4} in post-activation form.
     *
     * @param blocks        the number of residual blocks, at least 1
     * @param gates         whether each branch ends in a gate {@code alpha} ({@link Placement.Region#GATE})
     * @param normalization whether each dense layer of a branch is followed by a normalization layer
     * @return its parameters in order, each with its placement
     */
    public static List<ParameterSpec> residualMlp(int blocks, boolean gates, boolean normalization) {
        if (blocks < 1) {
            throw new IllegalArgumentException("a residual MLP needs at least 1 block, got " + blocks);
        }
        List<ParameterSpec> params = new ArrayList<>();
        dense(params, "0", 16, WIDTH, RELU, Placement.trunk(0, blocks, false));
        for (int b = 0; b < blocks; b++) {
            String prefix = (b + 2) + ".branch.";
            int j = 0;
            for (int k = 0; k < 2; k++) {
                dense(params, prefix + j++, WIDTH, WIDTH, RELU,
                        new Placement(Placement.Region.BRANCH, b, blocks, k, 2, false));
                if (normalization) {
                    Placement norm = new Placement(Placement.Region.BRANCH, b, blocks, k, 2, false);
                    params.add(new ParameterSpec(prefix + j + ".weight", ParameterRole.OTHER, TensorShape.of(WIDTH),
                            LayerKind.NORMALIZATION, RELU, Optional.empty(), Optional.of(norm)));
                    params.add(new ParameterSpec(prefix + j++ + ".bias", ParameterRole.BIAS, TensorShape.of(WIDTH),
                            LayerKind.NORMALIZATION, RELU, Optional.empty(), Optional.of(norm)));
                }
                j += k == 0 ? 1 : 0;
            }
            if (gates) {
                params.add(new ParameterSpec(prefix + j + ".alpha", ParameterRole.OTHER, TensorShape.of(1),
                        LayerKind.OTHER, RELU, Optional.empty(),
                        Optional.of(new Placement(Placement.Region.GATE, b, blocks, 0, 1, false))));
            }
        }
        dense(params, String.valueOf(blocks + 2), WIDTH, 4, Nonlinearity.LINEAR, Placement.trunk(blocks, blocks, true));
        return List.copyOf(params);
    }

    /**
     * The MLP {@code 16 -> 8 -> 8 -> 8 -> 4} (ReLU) without residual blocks: every placement is the trunk of a
     * network with 0 blocks.
     *
     * @return its parameters in order
     */
    public static List<ParameterSpec> plainMlp() {
        List<ParameterSpec> params = new ArrayList<>();
        int[] widths = {16, WIDTH, WIDTH, WIDTH, 4};
        for (int i = 0; i + 1 < widths.length; i++) {
            boolean last = i + 2 == widths.length;
            dense(params, String.valueOf(2 * i), widths[i], widths[i + 1], last ? Nonlinearity.LINEAR : RELU,
                    Placement.trunk(0, 0, last));
        }
        return List.copyOf(params);
    }

    private static void dense(List<ParameterSpec> params, String prefix, int in, int out, Nonlinearity next,
                              Placement where) {
        TensorShape weight = TensorShape.of(out, in);
        params.add(ParameterSpec.weight(prefix + ".weight", weight, LayerKind.DENSE, next).withPlacement(where));
        params.add(ParameterSpec.bias(prefix + ".bias", out, weight, LayerKind.DENSE, next).withPlacement(where));
    }
}
