package org.initlab.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class FansAndGainTest {

    @Test
    void denseFansFollowPyTorchLayout() {
        Fans fans = Fans.of(TensorShape.of(512, 784));
        assertThat(fans.fanIn()).isEqualTo(784);
        assertThat(fans.fanOut()).isEqualTo(512);
        assertThat(fans.select("fan_avg")).isEqualTo(648.0);
    }

    @Test
    void convolutionFansIncludeTheReceptiveField() {
        Fans fans = Fans.of(TensorShape.of(16, 3, 5, 5));
        assertThat(fans.fanIn()).isEqualTo(3 * 25);
        assertThat(fans.fanOut()).isEqualTo(16 * 25);
        Fans conv1d = Fans.of(TensorShape.of(8, 4, 3));
        assertThat(conv1d).isEqualTo(new Fans(12, 24));
    }

    @Test
    void fewerThanTwoDimensionsHaveNoFans() {
        assertThatThrownBy(() -> Fans.of(TensorShape.of(7)))
                .hasMessage("fan in and fan out can not be computed for a tensor with fewer than 2 dimensions, "
                        + "got shape [7]");
        assertThatThrownBy(() -> new Fans(1, 1).select("fan_sum")).hasMessageContaining("fan_sum");
    }

    @Test
    void gainsEqualPyTorchCalculateGain() {
        assertThat(Gain.calculate("linear")).isEqualTo(1.0);
        assertThat(Gain.calculate("conv2d")).isEqualTo(1.0);
        assertThat(Gain.calculate("conv_transpose3d")).isEqualTo(1.0);
        assertThat(Gain.calculate("sigmoid")).isEqualTo(1.0);
        assertThat(Gain.calculate("tanh")).isEqualTo(5.0 / 3.0);
        assertThat(Gain.calculate("relu")).isEqualTo(Math.sqrt(2.0));
        assertThat(Gain.calculate("leaky_relu")).isCloseTo(Math.sqrt(2.0 / (1 + 0.0001)), within(1e-15));
        assertThat(Gain.calculate("leaky_relu", OptionalDouble.of(0.2)))
                .isCloseTo(Math.sqrt(2.0 / 1.04), within(1e-15));
        assertThat(Gain.calculate("leaky_relu", OptionalDouble.of(0))).isEqualTo(Math.sqrt(2.0));
        assertThat(Gain.calculate("selu")).isEqualTo(0.75);
    }

    @Test
    void unknownNonlinearityIsAnError() {
        assertThatThrownBy(() -> Gain.calculate("gelu")).hasMessageStartingWith("unsupported nonlinearity 'gelu'");
        assertThatThrownBy(() -> Nonlinearity.of("elu").gain()).hasMessageContaining("'elu'");
    }

    @Test
    void shapesParseAndCompareByValue() {
        assertThat(TensorShape.parse("16,3,5,5")).isEqualTo(TensorShape.of(16, 3, 5, 5));
        assertThat(TensorShape.parse("[4, 6]")).hasToString("[4, 6]");
        assertThat(TensorShape.of(2, 0).elementCount()).isZero();
        assertThatThrownBy(() -> TensorShape.parse("4,a")).hasMessage("bad shape '4,a': 'a' is not a non-negative integer");
        assertThatThrownBy(() -> TensorShape.of(-1)).hasMessageContaining(">= 0");
    }

    @Test
    void biasSpecCarriesItsLayerFansButHasNoneItself() {
        ParameterSpec bias = ParameterSpec.bias("0.bias", 512, TensorShape.of(512, 784), LayerKind.DENSE,
                Nonlinearity.of("relu"));
        assertThat(bias.layerFans()).contains(new Fans(784, 512));
        assertThatThrownBy(bias::fans).hasMessageContaining("fewer than 2 dimensions");
        assertThat(bias.elementCount()).isEqualTo(512);
    }
}
