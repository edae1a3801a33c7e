package org.initlab.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.Placement;
import org.initlab.spi.Placement.Region;
import org.junit.jupiter.api.Test;

class ResidualSpecTest {

    private static final ActivationLayer RELU = new ActivationLayer(Activation.RELU);

    @Test
    void postActivationMlpBlockHasTheActivationAfterTheSum() {
        Network net = ModelSpec.parse("mlp:8-4-[4-4]x2-3");
        assertThat(net.layers()).hasSize(5);
        ResidualBlock block = (ResidualBlock) net.layers().get(2);
        assertThat(block.branch()).containsExactly(new DenseLayer(4, 4), RELU, new DenseLayer(4, 4));
        assertThat(block.shortcut()).isEmpty();
        assertThat(block.postActivation()).contains(Activation.RELU);
        assertThat(net.layers().get(3)).isEqualTo(block);
        assertThat(net.parameters()).extracting(ParameterSpec::path).containsExactly("0.weight", "0.bias",
                "2.branch.0.weight", "2.branch.0.bias", "2.branch.2.weight", "2.branch.2.bias",
                "3.branch.0.weight", "3.branch.0.bias", "3.branch.2.weight", "3.branch.2.bias", "4.weight", "4.bias");
        assertThat(net.parameters().get(4).nonlinearity().name()).isEqualTo("relu");
        assertThat(net.residualBlockCount()).isEqualTo(2);
    }

    @Test
    void preActivationBlockNormalizesAndActivatesBeforeEachLayer() {
        Network net = ModelSpec.parse("mlp:8-4-pre[4-ln-4-ln]-3:tanh");
        ResidualBlock block = (ResidualBlock) net.layers().get(2);
        ActivationLayer tanh = new ActivationLayer(Activation.TANH);
        assertThat(block.branch()).containsExactly(LayerNormLayer.of(FeatureShape.flat(4)), tanh,
                new DenseLayer(4, 4), LayerNormLayer.of(FeatureShape.flat(4)), tanh, new DenseLayer(4, 4));
        assertThat(block.preActivation()).isTrue();
        // the branch's last layer meets tanh at the start of the next block's branch
        assertThat(block.nonlinearityAfterBranchLayer(5).name()).isEqualTo("tanh");
        assertThat(block.nonlinearityAfterBranchLayer(2).name()).isEqualTo("tanh");
        ResidualBlock bare = (ResidualBlock) ModelSpec.parse("mlp:8-pre[4-8]-3:identity").layers().get(0);
        assertThat(bare.branch()).hasSize(4);
    }

    @Test
    void preActivationBlocksWithTwoActivationsPlaceTheirParameters() {
        Network net = ModelSpec.parse("mlp:6-5-pre[5-ln-5-ln-alpha]x2-3:tanh");
        ParameterSpec secondNorm = net.parameters().stream().filter(p -> p.path().equals("3.branch.3.weight"))
                .findFirst().orElseThrow();
        assertThat(secondNorm.placement()).contains(new Placement(Region.BRANCH, 1, 2, 1, 2, false));
        assertThat(ModelSpec.parse("cnn:2x5x5-pre[c2k3p1-bn-c2k3p1-bn-alpha]-gap-3:silu").parameters()).hasSize(11);
    }

    @Test
    void fixupAddsScalarBiasesAndTheMultiplierWhereZhangEtAlPutThem() {
        Network net = ModelSpec.parse("mlp:8-4-[4-4-fixup]x3-3");
        ResidualBlock block = (ResidualBlock) net.layers().get(2);
        // bias1a -> fc1 -> bias1b -> relu -> bias2a -> fc2 -> scale -> bias2b
        assertThat(block.branch()).containsExactly(new ScalarBiasLayer(), new DenseLayer(4, 4), new ScalarBiasLayer(),
                RELU, new ScalarBiasLayer(), new DenseLayer(4, 4), new GateLayer(), new ScalarBiasLayer());
        List<ParameterSpec> params = net.parameters();
        ParameterSpec gate = params.stream().filter(p -> p.path().equals("3.branch.6.alpha")).findFirst().orElseThrow();
        assertThat(gate.placement()).contains(new Placement(Region.GATE, 1, 3, 0, 1, false));
        ParameterSpec second = params.stream().filter(p -> p.path().equals("4.branch.5.weight")).findFirst()
                .orElseThrow();
        assertThat(second.placement()).contains(new Placement(Region.BRANCH, 2, 3, 1, 2, false));
        assertThat(second.placement().orElseThrow().lastInBranch()).isTrue();
        ParameterSpec bias2b = params.stream().filter(p -> p.path().equals("2.branch.7.bias")).findFirst()
                .orElseThrow();
        assertThat(bias2b.placement()).contains(new Placement(Region.SCALAR_BIAS, 0, 3, 3, 4, false));
        assertThat(params.get(params.size() - 2).placement()).contains(Placement.trunk(3, 3, true));
        assertThat(params.get(0).placement()).contains(Placement.trunk(0, 3, false));
    }

    @Test
    void resNet20HasTwentyWeightedLayersAndProjectionsWithBatchNorm() {
        Network net = ModelSpec.parse("cnn:1x28x28-c16k3p1-bn-[c16k3p1-bn-c16k3p1-bn]x3-[c32k3s2p1-bn-c32k3p1-bn]"
                + "-[c32k3p1-bn-c32k3p1-bn]x2-[c64k3s2p1-bn-c64k3p1-bn]-[c64k3p1-bn-c64k3p1-bn]x2-gap-10:relu");
        assertThat(net.residualBlockCount()).isEqualTo(9);
        long weights = net.parameters().stream()
                .filter(p -> p.path().endsWith(".weight") && p.shape().rank() >= 2
                        && p.placement().orElseThrow().region() != Region.SHORTCUT).count();
        assertThat(weights).isEqualTo(20);
        ResidualBlock down = (ResidualBlock) net.layers().get(6);
        assertThat(down.shortcut()).containsExactly(new Conv2dLayer(16, 32, 1, 2, 0, 1), BatchNormLayer.of(32));
        assertThat(net.shapes().get(7)).hasToString("32x14x14");
        assertThat(net.shapes().get(net.layers().size())).isEqualTo(FeatureShape.flat(10));
        assertThat(net.hasTrainingModeLayers()).isTrue();
    }

    @Test
    void aChangeOfWidthGetsADenseProjection() {
        Network net = ModelSpec.parse("mlp:8-[6-4]-3");
        ResidualBlock block = (ResidualBlock) net.layers().get(0);
        assertThat(block.shortcut()).containsExactly(new DenseLayer(8, 4));
        assertThat(net.parameters()).extracting(ParameterSpec::path).contains("0.shortcut.0.weight");
    }

    @Test
    void gatesAndScalarBiasesBelongInsideBranches() {
        assertThatThrownBy(() -> new Network(4, List.of(new DenseLayer(4, 2), new GateLayer()), "x"))
                .hasMessageContaining("belongs inside a residual branch");
        assertThatThrownBy(() -> new ResidualBlock(List.of(), List.of(), Optional.empty()))
                .hasMessageContaining("at least one layer");
    }

    @Test
    void badBlocksNameTheSpecAndTheItem() {
        assertThatThrownBy(() -> ModelSpec.parse("mlp:8-[4-4-10"))
                .hasMessage("bad model spec 'mlp:8-[4-4-10': '[' without a closing ']'");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:8-[4-[4]]-10")).hasMessageContaining("do not nest");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:8-[4-foo]-10"))
                .hasMessageContaining("unknown item 'foo' in the residual block '[4-foo]'");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:8-[]-10")).hasMessageContaining("empty branch");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:8-[ln-4]-10")).hasMessageContaining("must follow a layer");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:8-10-[4]")).hasMessageContaining("cannot be last");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:8-[4]x0-10")).hasMessageContaining("repeat count");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x8x8-[f4]-10")).hasMessageContaining("needs a flat input");
    }

    @Test
    void multiplyAddsCountBranchAndShortcut() {
        Network net = ModelSpec.parse("mlp:8-[6-4]-3");
        assertThat(net.forwardMultiplyAdds()).isEqualTo(8 * 6 + 6 * 4 + 8 * 4 + 4 * 3);
    }
}
