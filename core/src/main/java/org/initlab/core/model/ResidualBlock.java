package org.initlab.core.model;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.spi.LayerKind;
import org.initlab.spi.Nonlinearity;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;

/**
 * A residual block: {@code y = post(s(x) + F(x))}, where the branch {@code F} is a sequence of layers, the
 * shortcut {@code s} is the identity (no layers) or a projection (a 1x1 convolution or a dense layer, with
 * batch normalization when the branch has it), and {@code post} an optional activation after the sum.
 *
 * <ul>
 *   <li>Post-activation (He, Zhang, Ren &amp; Sun 2016a, "Deep Residual Learning"):
 *       {@code relu(x + bn(conv(relu(bn(conv(x))))))}: the branch ends in a weighted layer (and its
 *       normalization) and the activation comes after the sum.</li>
 *   <li>Pre-activation (He et al. 2016b, "Identity Mappings in Deep Residual Networks"):
 *       {@code x + conv(relu(bn(conv(relu(bn(x))))))}: no activation after the sum, so the stream from block
 *       to block is a pure sum and {@code Var(x_{l+1}) = Var(x_l) + Var(F(x_l))} for a branch uncorrelated
 *       with its input.</li>
 * </ul>
 * A {@link GateLayer} at the end of the branch makes it {@code x + alpha F(x)} (SkipInit, ReZero, Fixup's
 * multiplier); {@link ScalarBiasLayer}s inside it are Fixup's scalar biases.
 *
 * <p>Parameters are named as a PyTorch module with submodules {@code branch} and {@code shortcut} would name
 * them: {@code 3.branch.0.weight}, {@code 3.branch.4.alpha}, {@code 3.shortcut.0.weight}. Blocks do not nest.
 *
 * @param branch         the branch's layers, at least one, none of them a block
 * @param shortcut       the shortcut's layers: empty for the identity, else a {@link DenseLayer} or
 *                       {@link Conv2dLayer} optionally followed by a {@link BatchNormLayer}
 * @param postActivation the activation after the sum (post-activation form), or empty (pre-activation form)
 */
@API(status = EXPERIMENTAL, since = "0.4")
public record ResidualBlock(List<Layer> branch, List<Layer> shortcut, Optional<Activation> postActivation)
        implements Layer {

    /** Validates the parts: a non-empty branch, no nested blocks, gates and scalar biases only in the branch. */
    public ResidualBlock {
        branch = List.copyOf(branch);
        shortcut = List.copyOf(shortcut);
        Objects.requireNonNull(postActivation, "postActivation");
        if (branch.isEmpty()) {
            throw new IllegalArgumentException("a residual block needs at least one layer in its branch");
        }
        for (Layer layer : branch) {
            if (layer instanceof ResidualBlock) {
                throw new IllegalArgumentException("residual blocks do not nest");
            }
        }
        for (Layer layer : shortcut) {
            if (!(layer instanceof DenseLayer || layer instanceof Conv2dLayer || layer instanceof BatchNormLayer)) {
                throw new IllegalArgumentException("a shortcut holds a projection (a dense or convolution layer, "
                        + "optionally batch normalization), not " + layer);
            }
        }
    }

    /**
     * @param input the block's input shape
     * @return the shape after each branch layer: {@code get(0)} is the input, the last the branch's output
     */
    public List<FeatureShape> branchShapes(FeatureShape input) {
        return chain(branch, input);
    }

    /**
     * @param input the block's input shape
     * @return the shape after each shortcut layer: {@code get(0)} is the input, the last the shortcut's output
     */
    public List<FeatureShape> shortcutShapes(FeatureShape input) {
        return chain(shortcut, input);
    }

    private static List<FeatureShape> chain(List<Layer> layers, FeatureShape input) {
        List<FeatureShape> shapes = new ArrayList<>(layers.size() + 1);
        shapes.add(input);
        FeatureShape shape = input;
        for (Layer layer : layers) {
            shape = layer.outputShape(shape);
            shapes.add(shape);
        }
        return List.copyOf(shapes);
    }

    @Override
    public FeatureShape outputShape(FeatureShape input) {
        List<FeatureShape> b = branchShapes(input);
        FeatureShape out = b.get(b.size() - 1);
        List<FeatureShape> s = shortcutShapes(input);
        FeatureShape skip = s.get(s.size() - 1);
        if (!out.equals(skip)) {
            throw new IllegalArgumentException("the residual branch turns " + input + " into " + out + " but the "
                    + (shortcut.isEmpty() ? "identity shortcut keeps " : "shortcut gives ") + skip
                    + (shortcut.isEmpty() ? " (a change of shape needs a projection shortcut)" : ""));
        }
        return out;
    }

    /** @return whether the branch ends in a {@link GateLayer} (or holds one) */
    public boolean gated() {
        return branch.stream().anyMatch(l -> l instanceof GateLayer);
    }

    /** @return whether the block is in pre-activation form (no activation after the sum) */
    public boolean preActivation() {
        return postActivation.isEmpty();
    }

    /**
     * The nonlinearity that follows branch layer {@code index}: the next activation inside the branch (not
     * past another weighted layer); for the branch's last weighted layer, which meets no activation inside the
     * branch, the block's post-activation, or in pre-activation form the branch's own activation (the one the
     * stream meets at the start of the next block), as torchvision initializes every convolution of a ResNet
     * for ReLU.
     *
     * @param index a branch layer index
     * @return the following nonlinearity
     */
    public Nonlinearity nonlinearityAfterBranchLayer(int index) {
        for (int i = index + 1; i < branch.size(); i++) {
            Layer next = branch.get(i);
            if (next instanceof ActivationLayer a) {
                return a.activation().nonlinearity();
            }
            if (next instanceof DenseLayer || next instanceof Conv2dLayer) {
                return Nonlinearity.LINEAR;
            }
        }
        return streamNonlinearity();
    }

    private Nonlinearity streamNonlinearity() {
        if (postActivation.isPresent()) {
            return postActivation.get().nonlinearity();
        }
        return branch.stream().filter(l -> l instanceof ActivationLayer).map(l -> ((ActivationLayer) l).activation())
                .findFirst().map(Activation::nonlinearity).orElse(Nonlinearity.LINEAR);
    }

    @Override
    public List<ParameterSpec> parameters(String prefix, Nonlinearity next) {
        return placedParameters(prefix, 0, 1).stream()
                .map(p -> new ParameterSpec(p.path(), p.role(), p.shape(), p.layerKind(), p.nonlinearity(),
                        p.layerFans()))
                .toList();
    }

    /**
     * The block's parameters with their {@link Placement}s: branch layers as {@link Placement.Region#BRANCH}
     * (position and count among the branch's weighted layers, or among its normalization layers), the gate as
     * {@link Placement.Region#GATE}, scalar biases as {@link Placement.Region#SCALAR_BIAS}, the projection as
     * {@link Placement.Region#SHORTCUT}.
     *
     * @param prefix the block's module path (its index in the network)
     * @param block  the block's index among the network's residual blocks
     * @param blocks the number of residual blocks in the network
     * @return the parameters, branch first, then the shortcut
     */
    public List<ParameterSpec> placedParameters(String prefix, int block, int blocks) {
        List<ParameterSpec> params = new ArrayList<>();
        int[] seen = new int[Family.values().length];
        for (int j = 0; j < branch.size(); j++) {
            Layer layer = branch.get(j);
            Family family = Family.of(layer);
            // every family counts its own members (a pre-activation branch holds two activations)
            int total = count(branch, family);
            Placement.Region region = switch (family) {
                case GATE -> Placement.Region.GATE;
                case SCALAR_BIAS -> Placement.Region.SCALAR_BIAS;
                default -> Placement.Region.BRANCH;
            };
            Placement where = new Placement(region, block, blocks, seen[family.ordinal()]++, total, false);
            for (ParameterSpec p : layer.parameters(prefix + ".branch." + j, nonlinearityAfterBranchLayer(j))) {
                params.add(p.withPlacement(where));
            }
        }
        int projections = count(shortcut, Family.WEIGHTED);
        int projection = 0;
        for (int j = 0; j < shortcut.size(); j++) {
            Layer layer = shortcut.get(j);
            Placement where = new Placement(Placement.Region.SHORTCUT, block, blocks,
                    Math.max(0, Math.min(projection, projections - 1)), projections, false);
            projection += Family.of(layer) == Family.WEIGHTED ? 1 : 0;
            for (ParameterSpec p : layer.parameters(prefix + ".shortcut." + j, streamNonlinearity())) {
                params.add(p.withPlacement(where));
            }
        }
        return List.copyOf(params);
    }

    private static int count(List<Layer> layers, Family family) {
        return (int) layers.stream().filter(l -> Family.of(l) == family).count();
    }

    /** Which positions a layer counts among. */
    private enum Family {
        WEIGHTED, NORMALIZATION, GATE, SCALAR_BIAS, OTHER;

        static Family of(Layer layer) {
            if (layer instanceof DenseLayer || layer instanceof Conv2dLayer) {
                return WEIGHTED;
            }
            if (layer instanceof BatchNormLayer || layer instanceof LayerNormLayer || layer instanceof RmsNormLayer) {
                return NORMALIZATION;
            }
            if (layer instanceof GateLayer) {
                return GATE;
            }
            return layer instanceof ScalarBiasLayer ? SCALAR_BIAS : OTHER;
        }
    }

    @Override
    public long multiplyAdds(FeatureShape input) {
        long total = 0;
        List<FeatureShape> b = branchShapes(input);
        for (int j = 0; j < branch.size(); j++) {
            total += branch.get(j).multiplyAdds(b.get(j));
        }
        List<FeatureShape> s = shortcutShapes(input);
        for (int j = 0; j < shortcut.size(); j++) {
            total += shortcut.get(j).multiplyAdds(s.get(j));
        }
        return total;
    }

    /** @return the layers of the branch, then those of the shortcut */
    public List<Layer> allLayers() {
        List<Layer> all = new ArrayList<>(branch);
        all.addAll(shortcut);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "Residual(" + (preActivation() ? "pre-activation" : "post-activation " + postActivation.get())
                + ", branch=" + branch + (shortcut.isEmpty() ? ", identity" : ", shortcut=" + shortcut) + ")";
    }
}
