package org.initlab.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.initlab.spi.ParameterRole;
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
        assertThatThrownBy(() -> ModelSpec.parse("cnn:784-10"))
                .hasMessage("bad model spec 'cnn:784-10': expected mlp:<widths>[:<activation>], e.g. mlp:784-512-128-10:relu");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-abc-10"))
                .hasMessage("bad model spec 'mlp:784-abc-10': width 'abc' is not a whole number");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784")).hasMessageContaining("at least an input and an output");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-0-10")).hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-1")).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-10:rleu"))
                .hasMessageContaining("unknown activation 'rleu'").hasMessageContaining("did you mean 'relu'?");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-5x-10")).hasMessageContaining("repeat count");
    }
}
