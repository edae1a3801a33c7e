package org.initlab.backends.nativebackend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.initlab.core.backend.Backend;
import org.initlab.core.backend.BackendOptions;
import org.initlab.core.backend.TrainingSession;
import org.initlab.core.init.ParameterSet;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.ResidualBlock;
import org.initlab.core.optim.OptimizerSpec;
import org.initlab.testkit.backend.KitFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct convolution on padded rows ({@link NativeDirectConv}) against im2col ({@link NativeConv2d}): outputs,
 * every gradient and the weights after optimizer steps, for channel counts that are and are not multiples of the
 * four-row tiles, 1 to 64 channels, maps from 1x1 to 28x28 (square and not), batches of 1, 7 and 9 that split
 * mid-chunk between two workers, and inside residual blocks; plus finite differences and the double-precision
 * formula.
 */
class DirectConvTest {

    private static ConvolutionComparison.Result run(boolean direct, Network network, int batch) {
        return ConvolutionComparison.with(direct, NativeWinogradConv.Mode.NEVER,
                () -> ConvolutionComparison.run(network, 2, batch));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "cnn:8x8x8-c8k3p1-f10-3:tanh",
            "cnn:3x7x5-c5k3p1-c6k3p1-4:tanh",
            "cnn:1x1x1-c4k3p1-2:tanh",
            "cnn:2x3x9-c7k3p1-p2-3:relu",
            "cnn:16x28x28-c16k3p1-bn-c16k3p1-f10-3:relu",
            "cnn:64x7x7-c64k3p1-bn-c32k3p1-gap-3:relu",
            "cnn:3x12x12-c8k3p1-bn-[c8k3p1-bn-c8k3p1-bn]x2-[c16k3s2p1-bn-c16k3p1-bn]-gap-5:relu",
            "cnn:5x8x6-c7k3s2p1-f4-3:tanh",
            "cnn:16x6x6-c13k3p1-c32k3p1-c16k3s2p1-f3-3:tanh",
            "cnn:16x28x28-c32k3s2p1-bn-c64k3s2p1-gap-3:relu",
            "cnn:3x2x2-c4k3s2p1-c5k3s2p1-2:tanh",
            "cnn:4x10x14-c6k3p1-c9k3s2p1-[c9k3p1-c9k3p1]-[c12k3s2p1-c12k3p1]-f3-3:tanh"})
    void matchesIm2col(String spec) {
        Network network = ModelSpec.parse(spec);
        assertThat(network.layers().stream().flatMap(l -> l instanceof ResidualBlock b ? b.allLayers().stream()
                : Stream.of(l))).anyMatch(l -> l instanceof Conv2dLayer c
                        && NativeDirectConv.suits(c, FeatureShape.map(c.inChannels(), 2, 2)));
        for (int batch : new int[] {1, 7, 9}) {
            ConvolutionComparison.assertSame(run(true, network, batch), run(false, network, batch),
                    spec + " batch " + batch);
        }
    }

    @Test
    void takesStrideTwoOnEvenMapsOnly() {
        Conv2dLayer strided = new Conv2dLayer(4, 8, 3, 2, 1, 1);
        assertThat(NativeDirectConv.suits(strided, FeatureShape.map(4, 14, 28))).isTrue();
        assertThat(NativeDirectConv.suits(strided, FeatureShape.map(4, 7, 8))).isFalse();
        assertThat(NativeDirectConv.suits(strided, FeatureShape.map(4, 8, 7))).isFalse();
        assertThat(NativeDirectConv.suits(new Conv2dLayer(4, 8, 3, 3, 1, 1), FeatureShape.map(4, 12, 12))).isFalse();
        assertThat(NativeDirectConv.suits(new Conv2dLayer(4, 8, 3, 2, 0, 1), FeatureShape.map(4, 12, 12))).isFalse();
    }

    @Test
    void aSmallerBatchAfterALargerOneReadsNothingStale() {
        // 4x4 maps: 25 padded values per sample, so one sample's weight gradient reads 7 values past it, the last
        // of which is the second sample's first pixel, where the larger batch left its output gradient
        Network network = ModelSpec.parse("cnn:4x4x4-c8k3p1-c8k3p1-3:tanh");
        ParameterSet initial = NetworkFixtures.parameters(network, 5);
        KitFixtures.Batch large = KitFixtures.batch(network, 9, 1);
        KitFixtures.Batch small = KitFixtures.batch(network, 1, 2);
        ParameterSet expected = ConvolutionComparison.with(false, NativeWinogradConv.Mode.NEVER,
                () -> gradients(network, initial, null, small));
        ParameterSet actual = ConvolutionComparison.with(true, NativeWinogradConv.Mode.NEVER,
                () -> gradients(network, initial, large, small));
        for (String path : expected.paths()) {
            ConvolutionComparison.assertClose(actual.values(path), expected.values(path), "d" + path);
        }
    }

    private static ParameterSet gradients(Network network, ParameterSet initial, KitFixtures.Batch first,
                                          KitFixtures.Batch then) {
        try (Backend backend = new NativeBackendProvider().create(new BackendOptions(2));
             TrainingSession session = backend.open(network, initial, new OptimizerSpec.Sgd(0.1, 0, false, 0), 9)) {
            if (first != null) {
                session.gradients(first.inputs(), first.labels(), 9);
            }
            return session.gradients(then.inputs(), then.labels(), 1);
        }
    }

    @Test
    void forwardMatchesTheDoublePrecisionFormula() {
        ConvolutionComparison.assertForwardMatchesTheFormula(new Conv2dLayer(6, 9, 3, 1, 1, 1),
                FeatureShape.map(6, 11, 13), true, NativeWinogradConv.Mode.NEVER);
    }

    @Test
    void stridedForwardMatchesTheDoublePrecisionFormula() {
        ConvolutionComparison.assertForwardMatchesTheFormula(new Conv2dLayer(5, 7, 3, 2, 1, 1),
                FeatureShape.map(5, 10, 14), true, NativeWinogradConv.Mode.NEVER);
    }

    @Test
    void stridedGradientsMatchFiniteDifferences() {
        ConvolutionComparison.assertGradientsMatchFiniteDifferences("cnn:3x8x6-c6k3s2p1-c5k3p1-f4-3:tanh", true,
                NativeWinogradConv.Mode.NEVER);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ConvolutionComparison.assertGradientsMatchFiniteDifferences("cnn:5x7x6-c8k3p1-c6k3p1-f4-3:tanh", true,
                NativeWinogradConv.Mode.NEVER);
    }
}
