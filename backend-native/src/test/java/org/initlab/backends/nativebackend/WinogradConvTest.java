package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import java.util.stream.Stream;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Winograd F(2x2, 3x3) convolution ({@link NativeWinogradConv}) against the direct one ({@link NativeConv2d}):
 * outputs, every gradient and the weights after optimizer steps, on even and odd sizes (partial tiles), paddings
 * 0 to 2, tile rows longer than a vector and batches that split mid-chunk; plus finite differences and the
 * double-precision formula.
 */
class WinogradConvTest {

    private static <T> T with(boolean winograd, Function<Boolean, T> body) {
        return ConvolutionComparison.with(false, winograd ? NativeWinogradConv.Mode.ALWAYS
                : NativeWinogradConv.Mode.NEVER, () -> body.apply(winograd));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "cnn:8x8x8-c8k3p1-f10-3:tanh",
            "cnn:9x7x7-c12k3p1-c8k3p1-4:tanh",
            "cnn:8x9x6-c8k3-f5-3:tanh",
            "cnn:8x5x5-c10k3p2-3:tanh",
            "cnn:8x40x36-c8k3p1-p4-f6-3:relu",
            "cnn:3x12x12-c8k3p1-bn-[c8k3p1-bn-c8k3p1-bn]x2-gap-5:relu",
            // several groups of samples (two per group at 16 channels on 28x28), the last one partial
            "cnn:16x28x28-c16k3p1-bn-c16k3p1-f10-3:relu"})
    void matchesTheDirectConvolution(String spec) {
        Network network = ModelSpec.parse(spec);
        assertThat(network.layers().stream().flatMap(l -> l instanceof ResidualBlock b ? b.allLayers().stream()
                : Stream.of(l))).anyMatch(l -> l instanceof Conv2dLayer c && c.kernel() == 3 && c.stride() == 1);
        for (int batch : new int[] {1, 7, 9}) {
            ConvolutionComparison.Result direct = with(false, w -> ConvolutionComparison.run(network, 2, batch));
            ConvolutionComparison.Result winograd = with(true, w -> ConvolutionComparison.run(network, 2, batch));
            ConvolutionComparison.assertSame(winograd, direct, spec + " batch " + batch);
        }
    }

    @Test
    void forwardMatchesTheDoublePrecisionFormula() {
        ConvolutionComparison.assertForwardMatchesTheFormula(new Conv2dLayer(8, 9, 3, 1, 1, 1),
                FeatureShape.map(8, 11, 13), false, NativeWinogradConv.Mode.ALWAYS);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ConvolutionComparison.assertGradientsMatchFiniteDifferences("cnn:8x7x6-c8k3p1-c8k3-f4-3:tanh", false,
                NativeWinogradConv.Mode.ALWAYS);
    }
}
