package org.initlab.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.initlab.spi.ParameterRole;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    @Test
    void classicMlpHasPyTorchSequentialParameterNames() {
        Network net = ModelSpec.parse("mlp:784-512-128-10:relu");
        assertThat(net.inputWidth()).isEqualTo(784);
        assertThat(net.outputWidth()).isEqualTo(10);
        assertThat(net.layers()).containsExactly(new DenseLayer(784, 512), new ActivationLayer(Activation.RELU),
                new DenseLayer(512, 128), new ActivationLayer(Activation.RELU), new DenseLayer(128, 10));
        assertThat(net.parameters()).extracting(ParameterSpec::path)
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
        ParameterSpec first = net.parameters().get(0);
        assertThat(first.shape()).isEqualTo(TensorShape.of(512, 784));
        assertThat(first.role()).isEqualTo(ParameterRole.WEIGHT);
        assertThat(first.nonlinearity().name()).isEqualTo("relu");
        assertThat(net.parameters().get(4).nonlinearity().name()).isEqualTo("linear");
        assertThat(net.parameterCount()).isEqualTo(784 * 512 + 512 + 512 * 128 + 128 + 128 * 10 + 10);
    }

    @Test
    void repeatedWidthsExpand() {
        Network net = ModelSpec.parse("mlp:500-500x10-10:tanh");
        assertThat(net.denseLayerIndices()).hasSize(11);
        assertThat(net.layers().stream().filter(l -> l instanceof ActivationLayer)).hasSize(10);
        assertThat(net.parameters().get(0).nonlinearity().name()).isEqualTo("tanh");
    }

    @Test
    void activationDefaultsToRelu() {
        assertThat(ModelSpec.parse("mlp:4-3-2").layers().get(1)).isEqualTo(new ActivationLayer(Activation.RELU));
        assertThat(ModelSpec.parse("mlp:4-2:tanh").layers()).containsExactly(new DenseLayer(4, 2));
    }

    @Test
    void leakyReluCarriesPyTorchsDefaultSlope() {
        ParameterSpec w = ModelSpec.parse("mlp:4-3-2:leaky_relu").parameters().get(0);
        assertThat(w.nonlinearity().parameter()).hasValue(0.01);
    }

    @Test
    void badSpecsNameTheProblem() {
        assertThatThrownBy(() -> ModelSpec.parse("rnn:784-10"))
                .hasMessageStartingWith("bad model spec 'rnn:784-10': expected mlp:<widths>[:<activation>]");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-abc-10"))
                .hasMessage("bad model spec 'mlp:784-abc-10': width 'abc' is not a whole number");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784")).hasMessageContaining("at least an input and an output");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-0-10")).hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-1")).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-10:rleu"))
                .hasMessageContaining("unknown activation 'rleu'").hasMessageContaining("did you mean 'relu'?");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-5x-10")).hasMessageContaining("repeat count");
    }

    @Test
    void cnnSpecBuildsTheLayersPyTorchWouldHave() {
        Network net = ModelSpec.parse("cnn:1x28x28-c16k5-p2-c32k5-p2-f128-10:relu");
        assertThat(net.inputShape()).isEqualTo(FeatureShape.map(1, 28, 28));
        assertThat(net.layers()).containsExactly(Conv2dLayer.of(1, 16, 5), new ActivationLayer(Activation.RELU),
                new MaxPool2dLayer(2, 2), Conv2dLayer.of(16, 32, 5), new ActivationLayer(Activation.RELU),
                new MaxPool2dLayer(2, 2), new FlattenLayer(), new DenseLayer(512, 128),
                new ActivationLayer(Activation.RELU), new DenseLayer(128, 10));
        assertThat(net.shapes().get(3)).hasToString("16x12x12");
        assertThat(net.shapes().get(7)).isEqualTo(FeatureShape.flat(512));
        assertThat(net.parameters()).extracting(ParameterSpec::path).containsExactly("0.weight", "0.bias",
                "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias");
        assertThat(net.parameters().get(2).shape()).hasToString("[32, 16, 5, 5]");
        // torch: sum(p.numel() for p in model.parameters()) == 80202
        assertThat(net.parameterCount()).isEqualTo(80_202);
        assertThat(net.forwardMultiplyAdds()).isEqualTo(24 * 24 * 16 * 25 + 8 * 8 * 32 * 16 * 25 + 512 * 128 + 1280);
    }

    @Test
    void convolutionOptionsPaddingStrideGroupsAndPooling() {
        Network net = ModelSpec.parse("cnn:4x9x9-c8k3s2p1g2-a2s1-c8k1-10:tanh");
        assertThat(net.layers().get(0)).isEqualTo(new Conv2dLayer(4, 8, 3, 2, 1, 2));
        assertThat(net.shapes().get(1)).isEqualTo(FeatureShape.map(8, 5, 5));
        assertThat(net.layers().get(2)).isEqualTo(new AvgPool2dLayer(2, 1));
        assertThat(net.shapes().get(3)).isEqualTo(FeatureShape.map(8, 4, 4));
        assertThat(net.parameters().get(0).shape()).hasToString("[8, 2, 3, 3]");
        assertThat(net.parameters().get(0).fans().fanIn()).isEqualTo(18);
        assertThat(net.parameters().get(0).nonlinearity().name()).isEqualTo("tanh");
    }

    @Test
    void batchNormGoesBetweenItsLayerAndTheActivationAndDropoutWhereWritten() {
        Network net = ModelSpec.parse("cnn:1x8x8-c4k3-bn-p2-f16-bn-d0.25-3");
        assertThat(net.layers()).containsExactly(Conv2dLayer.of(1, 4, 3), BatchNormLayer.of(4),
                new ActivationLayer(Activation.RELU), new MaxPool2dLayer(2, 2), new FlattenLayer(),
                new DenseLayer(36, 16), BatchNormLayer.of(16), new ActivationLayer(Activation.RELU),
                new DropoutLayer(0.25), new DenseLayer(16, 3));
        ParameterSpec scale = net.parameters().get(2);
        assertThat(scale.path()).isEqualTo("1.weight");
        assertThat(scale.layerKind()).isEqualTo(LayerKind.NORMALIZATION);
        // the conv's gain looks past the batch norm to the ReLU
        assertThat(net.parameters().get(0).nonlinearity().name()).isEqualTo("relu");
        assertThat(net.hasTrainingModeLayers()).isTrue();
        assertThat(ModelSpec.parse("cnn:784-f32x3-10").denseLayerIndices()).containsExactly(0, 2, 4, 6);
    }

    @Test
    void badCnnSpecsNameTheProblem() {
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x28x28-c16k5-q2-10"))
                .hasMessageContaining("unknown layer 'q2'");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x4x4-c8k5-10"))
                .hasMessageContaining("does not fit its 1x4x4 input");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:3x8x8-c4k3g2-10")).hasMessageContaining("groups must divide");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:784-c4k3-10")).hasMessageContaining("needs a CxHxW input");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x8x8-bn-10")).hasMessageContaining("'bn' must follow");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x8x8-c2k3-d1.5-10"))
                .hasMessageContaining("dropout probability must be in [0, 1)");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x8x8-c2k3-1")).hasMessageContaining("at least 2");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:axb-10")).hasMessageContaining("neither CxHxW");
    }

    @Test
    void layersRejectInputsThatDoNotFit() {
        assertThatThrownBy(() -> new DenseLayer(4, 2).outputShape(FeatureShape.map(1, 2, 2)))
                .hasMessageContaining("flatten it first");
        assertThatThrownBy(() -> new Network(FeatureShape.map(1, 4, 4), java.util.List.of(Conv2dLayer.of(1, 2, 3)),
                "ends in a map")).hasMessageContaining("must end in a flat vector");
        assertThatThrownBy(() -> new MaxPool2dLayer(0, 1)).hasMessageContaining("kernel and stride > 0");
        assertThatThrownBy(() -> new BatchNormLayer(4, 0, 0.1)).hasMessageContaining("eps must be > 0");
    }
}
