package org.initlab.core.host;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import org.apiguardian.api.API;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.RmsNormLayer;

/**
 * One stage of a {@link HostNetwork}: a weighted layer (dense or convolution) with the layers that follow it
 * up to the next weighted layer (batch normalization, activation, pooling, flatten, dropout).
 *
 * <p>The stage's <em>pre-activations</em> are the weighted layer's raw output {@code z}; its <em>output</em>
 * is what the last of its layers produces: the input {@code x} of the next weighted layer, or the logits for
 * the last stage. The output is what the variance law {@code E[z_next^2] = fan_in E[W^2] E[x^2] + E[b^2]}
 * is about, so diagnostics call it the stage's activation.
 *
 * @param index              its position among the stages, from 0
 * @param layerIndex         the weighted layer's index in {@link org.initlab.core.model.Network#layers()} (the
 *                           PyTorch {@code nn.Sequential} index that names its parameters)
 * @param layer              the weighted layer, a {@link DenseLayer} or a {@link Conv2dLayer}
 * @param following          the layers after it up to the next weighted layer, in order
 * @param inputShape         the weighted layer's input shape
 * @param preActivationShape the weighted layer's output shape
 * @param outputShape        the stage's output shape
 * @param activation         the first activation among {@code following}, {@link Activation#IDENTITY} when
 *                           there is none (the nonlinearity gain-based initializers are told about)
 */
@API(status = INTERNAL, since = "0.1")
public record Stage(int index, int layerIndex, Layer layer, List<Layer> following, FeatureShape inputShape,
                    FeatureShape preActivationShape, FeatureShape outputShape, Activation activation) {
    /** Validates the components. */
    public Stage {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(preActivationShape, "preActivationShape");
        Objects.requireNonNull(outputShape, "outputShape");
        if (!(layer instanceof DenseLayer || layer instanceof Conv2dLayer)) {
            throw new IllegalArgumentException("a stage starts with a dense or convolution layer, got " + layer);
        }
        following = List.copyOf(following);
    }

    /** @return the path of the weight, e.g. {@code 2.weight} */
    public String weightPath() {
        return layerIndex + ".weight";
    }

    /** @return the path of the bias, e.g. {@code 2.bias} */
    public String biasPath() {
        return layerIndex + ".bias";
    }

    /** @return whether the weighted layer is a convolution */
    public boolean convolution() {
        return layer instanceof Conv2dLayer;
    }

    /**
     * @return the units that own a row of the weight: a dense layer's outputs, a convolution's output
     *         channels (filters)
     */
    public int units() {
        return layer instanceof Conv2dLayer c ? c.outChannels() : ((DenseLayer) layer).outputs();
    }

    /**
     * @return PyTorch's fan-in, the length of one unit's weight row: a dense layer's inputs, a convolution's
     *         {@code inChannels / groups * kernel^2}
     */
    public int fanIn() {
        return layer instanceof Conv2dLayer c ? c.inChannels() / c.groups() * c.kernel() * c.kernel()
                : ((DenseLayer) layer).inputs();
    }

    /** @return the weight's element count, {@code units() * fanIn()} */
    public int weightCount() {
        return units() * fanIn();
    }

    /** @return the index in the network's layers one past the stage's last layer */
    public int endLayer() {
        return layerIndex + 1 + following.size();
    }

    /** @return the network index of the first activation layer of the stage, empty when there is none */
    public OptionalInt activationLayerIndex() {
        for (int k = 0; k < following.size(); k++) {
            if (following.get(k) instanceof ActivationLayer) {
                return OptionalInt.of(layerIndex + 1 + k);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * @return what the stage is, without its activation: {@code dense 784->512}, {@code conv5x5 1->16},
     *         {@code conv3x3 16->32 s2 p1 g2 + bn + maxpool2}, {@code dense 256->256 + ln},
     *         {@code conv3x3 16->16 p1 + rms + gap}; dropout is listed but diagnostics treat it as
     *         the identity
     */
    public String description() {
        StringBuilder sb = new StringBuilder();
        if (layer instanceof Conv2dLayer c) {
            sb.append("conv").append(c.kernel()).append('x').append(c.kernel()).append(' ').append(c.inChannels())
                    .append("->").append(c.outChannels());
            sb.append(c.stride() != 1 ? " s" + c.stride() : "").append(c.padding() != 0 ? " p" + c.padding() : "")
                    .append(c.groups() != 1 ? " g" + c.groups() : "");
        } else {
            DenseLayer d = (DenseLayer) layer;
            sb.append("dense ").append(d.inputs()).append("->").append(d.outputs());
        }
        for (Layer l : following) {
            if (l instanceof BatchNormLayer) {
                sb.append(" + bn");
            } else if (l instanceof MaxPool2dLayer p) {
                sb.append(" + maxpool").append(p.kernel()).append(p.stride() != p.kernel() ? "s" + p.stride() : "");
            } else if (l instanceof AvgPool2dLayer p) {
                sb.append(" + avgpool").append(p.kernel()).append(p.stride() != p.kernel() ? "s" + p.stride() : "");
            } else if (l instanceof LayerNormLayer) {
                sb.append(" + ln");
            } else if (l instanceof RmsNormLayer) {
                sb.append(" + rms");
            } else if (l instanceof GlobalAvgPool2dLayer) {
                sb.append(" + gap");
            } else if (l instanceof DropoutLayer d) {
                sb.append(String.format(Locale.ROOT, " + dropout%s", d.probability()));
            }
        }
        return sb.toString();
    }
}
