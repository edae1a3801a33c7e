package org.initlab.testkit.backend;

import java.util.List;
import java.util.stream.Stream;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.FlattenLayer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.ModelSpec;
import org.initlab.core.model.Network;
import org.initlab.core.model.RmsNormLayer;

/**
 * The small networks the {@link BackendCompatibilityKit}'s parameterized checks run on, one family per method
 * (its {@code @MethodSource}s name them): unusual layer sequences, convolutions, batch normalization, and the
 * per-sample normalizations. The parameters, batches and comparisons they are checked with are
 * {@link KitFixtures}'.
 */
public final class KitNetworks {
    private KitNetworks() {
    }

    /**
     * @return small networks with unusual layer sequences: one dense layer, an activation first, two
     *         activations in a row, an activation after the logits, dense after dense, no parameters at all
     */
    public static Stream<Network> unusualNetworks() {
        return Stream.of(
                new Network(4, List.of(new DenseLayer(4, 2)), "one dense layer"),
                new Network(4, List.of(new ActivationLayer(Activation.SIGMOID), new DenseLayer(4, 3)),
                        "activation first"),
                new Network(4, List.of(new DenseLayer(4, 6), new ActivationLayer(Activation.TANH),
                        new ActivationLayer(Activation.RELU), new DenseLayer(6, 3)), "two activations in a row"),
                new Network(4, List.of(new DenseLayer(4, 5), new ActivationLayer(Activation.GELU),
                        new DenseLayer(5, 3), new ActivationLayer(Activation.ELU)), "activation last"),
                new Network(4, List.of(new DenseLayer(4, 5), new DenseLayer(5, 3)), "dense after dense"),
                new Network(4, List.of(new ActivationLayer(Activation.TANH)), "no parameters at all"));
    }

    /**
     * @return small convolutional networks: a strided, padded, grouped convolution on a non-square input;
     *         overlapping max pooling then average pooling; flatten of the raw input then dense; a tiny LeNet
     */
    public static Stream<Network> convolutionalNetworks() {
        return Stream.of("cnn:4x5x7-c6k3s2p1g2-3:tanh", "cnn:2x7x8-c3k2-p3s2-a2s1-4:relu", "cnn:3x2x4-f5-3:gelu",
                "cnn:1x12x12-c3k3p1-p2-c4k3-a2-f6-4:relu").map(ModelSpec::parse);
    }

    /**
     * @return BatchNorm1d after a dense layer, BatchNorm2d after a padded convolution, and BatchNorm2d with
     *         {@code eps = 1e-3} and {@code momentum = 0.5} instead of PyTorch's defaults
     */
    public static Stream<Network> batchNormNetworks() {
        Network custom = new Network(FeatureShape.map(1, 3, 3), List.of(Conv2dLayer.of(1, 2, 2),
                new BatchNormLayer(2, 1e-3, 0.5), new ActivationLayer(Activation.TANH), new FlattenLayer(),
                new DenseLayer(8, 3)), "conv, BatchNorm2d(eps=1e-3, momentum=0.5), tanh, dense");
        return Stream.concat(Stream.of("cnn:6-f8-bn-3:tanh", "cnn:2x5x6-c3k3p1-bn-p2-4:relu")
                .map(ModelSpec::parse), Stream.of(custom));
    }

    /**
     * @return layer normalization after a dense layer (silu) and over a padded convolution's {@code [C, H, W]}
     *         followed by global average pooling (gelu_tanh), RMS normalization after a convolution and after
     *         dense layers (mish), global average pooling alone, and LayerNorm with {@code eps = 0.1} and
     *         RMSNorm with {@code eps = 1e-2} instead of PyTorch's defaults
     */
    public static Stream<Network> layerNormNetworks() {
        Network custom = new Network(FeatureShape.flat(4), List.of(new DenseLayer(4, 6),
                new LayerNormLayer(FeatureShape.flat(6), 0.1), new ActivationLayer(Activation.SILU),
                new DenseLayer(6, 5), new RmsNormLayer(FeatureShape.flat(5), 1e-2), new DenseLayer(5, 3)),
                "dense, LayerNorm(eps=0.1), silu, dense, RMSNorm(eps=1e-2), dense");
        return Stream.concat(Stream.of("cnn:6-f8-ln-3:silu", "cnn:2x4x5-c3k3p1-ln-gap-3:gelu_tanh",
                "cnn:2x5x6-c3k3p1-rms-p2-f5x2-rms-3:mish", "cnn:3x4x4-c4k3-gap-f5-3:relu", "mlp:5-7x2-ln-3:silu")
                .map(ModelSpec::parse), Stream.of(custom));
    }
}
