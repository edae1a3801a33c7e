package org.initlab.core.host;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.initlab.core.model.Activation;
import org.initlab.core.model.ActivationLayer;
import org.initlab.core.model.AvgPool2dLayer;
import org.initlab.core.model.BatchNormLayer;
import org.initlab.core.model.Conv2dLayer;
import org.initlab.core.model.DenseLayer;
import org.initlab.core.model.DropoutLayer;
import org.initlab.core.model.FeatureShape;
import org.initlab.core.model.GateLayer;
import org.initlab.core.model.GlobalAvgPool2dLayer;
import org.initlab.core.model.Layer;
import org.initlab.core.model.LayerNormLayer;
import org.initlab.core.model.MaxPool2dLayer;
import org.initlab.core.model.RmsNormLayer;
import org.initlab.core.model.ScalarBiasLayer;

/**
 * One stage of a {@link HostNetwork}: a weighted layer (dense or convolution) with the layers that follow it
 * up to the next weighted layer (batch normalization, activation, pooling, flatten, dropout) in the same
 * sequence. In a residual network the trunk, every block's branch and every projection shortcut are sequences
 * of their own: a trunk stage ends before a residual block, a branch stage at the branch's end (its gate and
 * scalar bias included), and the block's sum and post-activation belong to no stage.
 *
 * <p>The stage's <em>pre-activations</em> are the weighted layer's raw output {@code z}; its <em>output</em>
 * is what the last of its layers produces: the input {@code x} of the next weighted layer, or the logits for
 * the last stage (for the last stage of a branch, the branch output {@code F(x)}). The output is what the
 * variance law {@code E[z_next^2] = fan_in E[W^2] E[x^2] + E[b^2]} is about, so diagnostics call it the
 * stage's activation.
 *
 * @param index              its position among the stages, from 0
 * @param site               where the weighted layer sits; its {@link LayerSite#path() path} names the
 *                           parameters ({@code 2}, or {@code 5.branch.1} inside residual block 5)
 * @param place              empty for a trunk stage; {@code block 3 branch 2} (the branch's second weighted
 *                           layer in the third residual block) or {@code block 3 shortcut} inside a block
 * @param layer              the weighted layer, a {@link DenseLayer} or a {@link Conv2dLayer}
 * @param following          the layers after it up to the next weighted layer of its sequence, in order
 * @param inputShape         the weighted layer's input shape
 * @param preActivationShape the weighted layer's output shape
 * @param outputShape        the stage's output shape
 * @param activation         the first activation among {@code following}, {@link Activation#IDENTITY} when
 *                           there is none (the nonlinearity gain-based initializers are told about)
 */
@API(status = INTERNAL, since = "0.1")
public record Stage(int index, LayerSite site, String place, Layer layer, List<Layer> following,
                    FeatureShape inputShape, FeatureShape preActivationShape, FeatureShape outputShape,
                    Activation activation) {
    /** Validates the components. */
    public Stage {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(place, "place");
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

    /**
     * @return the index in {@link org.initlab.core.model.Network#layers()} of the weighted layer (the PyTorch
     *         {@code nn.Sequential} index that names its parameters), or of the residual block that holds it
     */
    public int layerIndex() {
        return site.layer();
    }

    /** @return the path of the weight, e.g. {@code 2.weight} or {@code 5.branch.1.weight} */
    public String weightPath() {
        return site.path() + ".weight";
    }

    /** @return the path of the bias, e.g. {@code 2.bias} or {@code 5.branch.1.bias} */
    public String biasPath() {
        return site.path() + ".bias";
    }

    /** @return the site of the stage's last layer, whose output is the stage's output */
    public LayerSite outputSite() {
        return site.shifted(following.size());
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

    /**
     * @return one past the index of the stage's last layer in its sequence: in the network's layers for a trunk
     *         stage, in the block's branch or shortcut for a stage inside a residual block
     */
    public int endLayer() {
        return (site.inBlock() ? site.position() : site.layer()) + 1 + following.size();
    }

    /** @return the site of the first activation layer of the stage, empty when there is none */
    public Optional<LayerSite> activationSite() {
        for (int k = 0; k < following.size(); k++) {
            if (following.get(k) instanceof ActivationLayer) {
                return Optional.of(site.shifted(1 + k));
            }
        }
        return Optional.empty();
    }

    /** @return the input shape of the stage's first activation layer, empty when there is none */
    public Optional<FeatureShape> activationInputShape() {
        FeatureShape shape = preActivationShape;
        for (Layer l : following) {
            if (l instanceof ActivationLayer) {
                return Optional.of(shape);
            }
            shape = l.outputShape(shape);
        }
        return Optional.empty();
    }

    /**
     * @return what the stage is, without its activation: {@code dense 784->512}, {@code dense 256->10 (input x0.25)} (a dense layer's input multiplier when
     *         it is not 1), {@code conv5x5 1->16},
     *         {@code conv3x3 16->32 s2 p1 g2 + bn + maxpool2}, {@code dense 256->256 + ln},
     *         {@code conv3x3 16->16 p1 + rms + gap}, and inside a residual block with its place first,
     *         {@code block 3 branch 2: dense 64->64 + alpha}, {@code block 4 shortcut: conv1x1 16->32 s2 + bn}
     *         ({@code alpha} is the branch gate, {@code bias} a scalar bias); dropout is listed but diagnostics
     *         treat it as the identity
     */
    public String description() {
        StringBuilder sb = new StringBuilder(place.isEmpty() ? "" : place + ": ");
        if (layer instanceof Conv2dLayer c) {
            sb.append("conv").append(c.kernel()).append('x').append(c.kernel()).append(' ').append(c.inChannels())
                    .append("->").append(c.outChannels());
            sb.append(c.stride() != 1 ? " s" + c.stride() : "").append(c.padding() != 0 ? " p" + c.padding() : "")
                    .append(c.groups() != 1 ? " g" + c.groups() : "");
        } else {
            DenseLayer d = (DenseLayer) layer;
            sb.append("dense ").append(d.inputs()).append("->").append(d.outputs());
            if (d.scalesInput()) {
                sb.append(" (input x").append((float) d.inputMultiplier()).append(')');
            }
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
            } else if (l instanceof GateLayer) {
                sb.append(" + alpha");
            } else if (l instanceof ScalarBiasLayer) {
                sb.append(" + scalar bias");
            } else if (l instanceof DropoutLayer d) {
                sb.append(String.format(Locale.ROOT, " + dropout%s", d.probability()));
            }
        }
        return sb.toString();
    }
}
