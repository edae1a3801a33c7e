package org.initlab.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.initlab.spi.LayerKind;
import org.initlab.spi.ParameterRole;
import org.initlab.spi.ParameterSpec;
import org.initlab.spi.TensorShape;
import org.junit.jupiter.api.Test;

/** The {@code ln}, {@code rms} and {@code gap} tokens of both spec families and the newer activations. */
class ModelSpecNormalizationTest {

    @Test
    void mlpNormalizesEachLayerOfTheWidthTokenBeforeItsActivation() {
        Network network = ModelSpec.parse("mlp:784-256x2-ln-10:silu");
        assertThat(network.layers()).containsExactly(new DenseLayer(784, 256),
                LayerNormLayer.of(FeatureShape.flat(256)), new ActivationLayer(Activation.SILU),
                new DenseLayer(256, 256), LayerNormLayer.of(FeatureShape.flat(256)),
                new ActivationLayer(Activation.SILU), new DenseLayer(256, 10));
        assertThat(network.parameters()).extracting(ParameterSpec::path).containsExactly("0.weight", "0.bias",
                "1.weight", "1.bias", "3.weight", "3.bias", "4.weight", "4.bias", "6.weight", "6.bias");
        Network rms = ModelSpec.parse("mlp:784-512-rms-128-10:gelu_tanh");
        assertThat(rms.layers()).containsExactly(new DenseLayer(784, 512), RmsNormLayer.of(FeatureShape.flat(512)),
                new ActivationLayer(Activation.GELU_TANH), new DenseLayer(512, 128),
                new ActivationLayer(Activation.GELU_TANH), new DenseLayer(128, 10));
        assertThat(ModelSpec.parse("mlp:8-4-bn-3:mish").layers().get(1)).isEqualTo(BatchNormLayer.of(4));
    }

    @Test
    void normalizationParametersAreNamedAndShapedAsPyTorchsStateDict() {
        Network network = ModelSpec.parse("cnn:1x8x8-c4k3p1-ln-c6k3-rms-gap-10:swish");
        assertThat(network.layers()).containsExactly(new Conv2dLayer(1, 4, 3, 1, 1, 1),
                LayerNormLayer.of(FeatureShape.map(4, 8, 8)), new ActivationLayer(Activation.SILU),
                new Conv2dLayer(4, 6, 3, 1, 0, 1), RmsNormLayer.of(FeatureShape.map(6, 6, 6)),
                new ActivationLayer(Activation.SILU), new GlobalAvgPool2dLayer(), new FlattenLayer(),
                new DenseLayer(6, 10));
        List<ParameterSpec> parameters = network.parameters();
        assertThat(parameters).extracting(ParameterSpec::path).containsExactly("0.weight", "0.bias", "1.weight",
                "1.bias", "3.weight", "3.bias", "4.weight", "8.weight", "8.bias");
        ParameterSpec lnWeight = parameters.get(2);
        assertThat(lnWeight.shape()).isEqualTo(TensorShape.of(4, 8, 8));
        assertThat(lnWeight.layerKind()).isEqualTo(LayerKind.NORMALIZATION);
        assertThat(lnWeight.role()).isEqualTo(ParameterRole.OTHER);
        assertThat(parameters.get(3).role()).isEqualTo(ParameterRole.BIAS);
        assertThat(parameters.get(6).shape()).isEqualTo(TensorShape.of(6, 6, 6));
        assertThat(network.nonlinearityAfter(0).name()).isEqualTo("silu");
        assertThat(network.nonlinearityAfter(3).recommendedGain()).isEqualTo(1.6765324703310911586);
        assertThat(RmsNormLayer.DEFAULT_EPS).isEqualTo((double) Math.ulp(1.0f));
        assertThat(network.shapes().get(7)).isEqualTo(FeatureShape.map(6, 1, 1));
    }

    @Test
    void gapFeedsTheClassifierThroughAFlatten() {
        Network network = ModelSpec.parse("cnn:3x5x7-c8k3-gap-f16-4:relu");
        assertThat(network.layers().subList(2, 6)).containsExactly(new GlobalAvgPool2dLayer(), new FlattenLayer(),
                new DenseLayer(8, 16), new ActivationLayer(Activation.RELU));
    }

    @Test
    void misplacedTokensAreOneLineErrorsNamingTheSpecAndToken() {
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x8x8-ln-10"))
                .hasMessage("bad model spec 'cnn:1x8x8-ln-10': 'ln' must follow a convolution (c...) or a dense "
                        + "layer (f...)");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x8x8-c2k3-p2-rms-10")).hasMessageContaining("'rms' must follow");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:64-f8-gap-10"))
                .hasMessage("bad model spec 'cnn:64-f8-gap-10': 'gap' (global average pooling) needs a map, but the "
                        + "input of layer 2 is a flat vector of 8");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-ln-10"))
                .hasMessage("bad model spec 'mlp:784-ln-10': 'ln' must follow a hidden width, not the input width "
                        + "(e.g. mlp:784-256x4-ln-10)");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-256-10-ln")).hasMessageContaining("'ln' must follow a "
                + "hidden width");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-256-gap-10")).hasMessageContaining("'gap' (global average "
                + "pooling) needs a map; use a cnn spec");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-256-ln-ln-10")).hasMessageContaining("'ln' must follow");
        assertThatThrownBy(() -> ModelSpec.parse("cnn:1x8x8-c2k3-xy-10")).hasMessageContaining(
                "bn, ln, rms, p<kernel>, a<kernel>, gap, d<probability>");
        assertThatThrownBy(() -> ModelSpec.parse("mlp:784-10:swiss")).hasMessageContaining("unknown activation "
                + "'swiss' (known: relu, leaky_relu, tanh, sigmoid, selu, gelu, elu, gelu_tanh, silu, mish, identity)");
        assertThatThrownBy(() -> new LayerNormLayer(FeatureShape.flat(3), 0)).hasMessageContaining("eps must be > 0");
        assertThatThrownBy(() -> new GlobalAvgPool2dLayer().outputShape(FeatureShape.flat(3)))
                .hasMessageContaining("needs a (C, H, W) map");
    }
}
